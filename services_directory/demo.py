"""The demo city's places to apply (服务网点) and a few local items (本社区特色事项).

Every community gets its party-and-mass service centre's comprehensive window (党群服务中心
综合窗口) and one or two 24-hour self-service terminals (易办事), located by its district,
subdistrict and community names; the first community also gets two local items. A few
bulk inserts for the whole city (673 communities), and safe to run again: a community that
already has service points, and a local item already there, are left as they are.
No phone numbers are made up: a demo number could belong to somebody.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from communities.models import Community
from communities.naming import pinyin_of, strip_division_suffix

from .models import ServiceCategory, ServiceItem, ServicePoint, ServicePointKind, ServiceType

__all__ = ["DEMO_LOCAL_ITEMS", "seed_demo_service_points"]

CENTRE_HOURS = "周一至周五 9:00-12:00, 14:00-18:00；周六 9:00-12:00"
CENTRE_HOURS_EN = "Monday to Friday 9:00-12:00 and 14:00-18:00; Saturday 9:00-12:00"
TERMINAL_HOURS, TERMINAL_HOURS_EN = "24小时", "Open 24 hours"

DEMO_LOCAL_ITEMS = (
    {
        "category": "civil-affairs",
        "service_type": ServiceType.PUBLIC_WELFARE,
        "name": "长者饭堂助餐登记",
        "name_en": "Registering for the seniors' canteen",
        "summary": (
            "社区长者饭堂为60周岁以上老人提供午餐，登记后可按优惠价就餐，行动不便的可申请送餐上门。"
        ),
        "summary_en": (
            "The community's seniors' canteen serves lunch to people aged 60 and over at a "
            "reduced price once registered; those who cannot get about can ask for delivery."
        ),
        "eligibility": "居住在本社区、年满60周岁的居民。",
        "eligibility_en": "Residents of this community aged 60 or over.",
        "materials": "居民身份证\n本社区居住证明（非本市户籍的）",
        "materials_en": (
            "Resident ID card\nProof of living in the community (without a local hukou)"
        ),
        "steps": "到综合窗口填写助餐登记表\n工作人员核对年龄和居住情况\n领取就餐卡",
        "steps_en": (
            "Fill in the registration form at the comprehensive window\n"
            "Staff check your age and address\nCollect your meal card"
        ),
        "processing_time": "即时办结",
        "processing_time_en": "Done on the spot",
        "fee": "登记免费；餐费按社区公示标准",
        "fee_en": "Registration is free; meals at the price posted by the community",
    },
    {
        "category": "civil-affairs",
        "service_type": ServiceType.PUBLIC_WELFARE,
        "name": "“四点半课堂”报名",
        "name_en": "Signing up for the after-school “4:30 class”",
        "summary": (
            "放学后到家长下班前，社区在党群服务中心为小学生提供免费的作业辅导和兴趣活动，"
            "由社工和志愿者看护。"
        ),
        "summary_en": (
            "Between the end of school and the end of the working day, the community offers "
            "primary pupils free homework help and activities at the service centre, looked "
            "after by social workers and volunteers."
        ),
        "eligibility": "居住在本社区的小学生，由家长或监护人报名。",
        "eligibility_en": (
            "Primary pupils living in the community, signed up by a parent or guardian."
        ),
        "materials": "家长或监护人的居民身份证\n孩子的户口簿或居住登记凭证",
        "materials_en": (
            "The parent's or guardian's resident ID card\n"
            "The child's household register or residence registration"
        ),
        "steps": "到综合窗口填写报名表\n社工确认名额和时段\n按通知时间开始参加",
        "steps_en": (
            "Fill in the form at the comprehensive window\n"
            "A social worker confirms the place and the days\nStart on the day you are told"
        ),
        "processing_time": "3个工作日内答复",
        "processing_time_en": "Answer within 3 working days",
        "fee": "免费",
        "fee_en": "Free",
    },
)


def _english(name: str, kind: str) -> str:
    """花果山社区 → "Huaguoshan Community" (kind: Community, Subdistrict, District)."""
    return f"{pinyin_of(strip_division_suffix(name)).capitalize()} {kind}"


def _points_for(community: Community, index: int) -> list[ServicePoint]:
    subdistrict = community.subdistrict
    district = subdistrict.district
    centre = f"{community.name}党群服务中心"
    place = f"{district.name}{subdistrict.name}{community.name}党群服务中心"
    centre_en = f"{_english(community.name, 'Community')} Party and Mass Service Centre"
    area_en = f"{_english(subdistrict.name, 'Subdistrict')}, {_english(district.name, 'District')}"
    points = [
        ServicePoint(
            community=community,
            kind=ServicePointKind.SERVICE_CENTRE,
            name=f"{centre}综合窗口",
            name_en=f"{centre_en}, comprehensive window",
            location=f"{place}一楼",
            location_en=f"Ground floor, {centre_en}, {area_en}",
            hours=CENTRE_HOURS,
            hours_en=CENTRE_HOURS_EN,
            sort_order=0,
        ),
        ServicePoint(
            community=community,
            kind=ServicePointKind.TERMINAL,
            name=f"{centre}易办事自助终端",
            name_en=f"{centre_en}, self-service terminal",
            location=f"{place}大堂",
            location_en=f"Lobby, {centre_en}, {area_en}",
            hours=TERMINAL_HOURS,
            hours_en=TERMINAL_HOURS_EN,
            sort_order=0,
        ),
    ]
    if index % 2 == 0:  # every other community has a second terminal, in its 24-hour hall
        points.append(
            ServicePoint(
                community=community,
                kind=ServicePointKind.TERMINAL,
                name=f"{community.name}24小时自助服务厅易办事终端",
                name_en=f"{_english(community.name, 'Community')} 24-hour self-service hall",
                location=f"{place}旁24小时自助服务厅",
                location_en=f"24-hour self-service hall beside the {centre_en}, {area_en}",
                hours=TERMINAL_HOURS,
                hours_en=TERMINAL_HOURS_EN,
                sort_order=1,
            )
        )
    return points


def seed_demo_service_points(
    communities: Iterable[Community], say: Callable[[str], None] = lambda message: None
) -> int:
    """Give each community its service centre and terminals (those without any service
    point yet), and the first community two local items; returns how many rows were made."""
    ids = [community.pk for community in communities]
    if not ids:
        return 0
    by_id = {c.pk: c for c in Community.objects.with_hierarchy().filter(pk__in=ids)}
    done = set(
        ServicePoint.objects.filter(community_id__in=ids).values_list("community_id", flat=True)
    )
    points = [
        point
        for index, pk in enumerate(ids)
        if pk in by_id and pk not in done
        for point in _points_for(by_id[pk], index)
    ]
    with transaction.atomic():
        ServicePoint.objects.bulk_create(points, batch_size=500)
        made = len(points) + _seed_local_items(by_id[ids[0]], say)
    say(f"Service points: {len(points)} made for {len(ids) - len(done)} communities.")
    return made


def _seed_local_items(community: Community, say: Callable[[str], None]) -> int:
    categories = {c.code: c for c in ServiceCategory.objects.all()}
    existing = set(community.local_service_items.values_list("name", flat=True))
    items = []
    for order, spec in enumerate(DEMO_LOCAL_ITEMS, start=1):
        category = categories.get(spec["category"])
        if category is None:
            say(f"No category {spec['category']!r}: load the service catalogue first.")
            continue
        if spec["name"] in existing:
            continue
        fields = {k: v for k, v in spec.items() if k != "category"}
        item = ServiceItem(
            community=community, category=category, code="", sort_order=100 + order, **fields
        )
        item.full_clean(validate_constraints=False)
        items.append(item)
    ServiceItem.objects.bulk_create(items)
    if items:
        say(f"Local service items: {len(items)} made for {community.name}.")
    return len(items)
