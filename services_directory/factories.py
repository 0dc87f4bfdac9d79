"""Test and demo data for the one-stop services: categories, items and service points.

The city's catalogue is loaded by a migration, so tests usually take a shipped category
(``ServiceCategory.objects.get(code="civil-affairs")``); these factories add what a test
needs beside it. ``LocalServiceItemFactory`` makes a community's own item.
"""

from __future__ import annotations

import factory

from .models import ServiceCategory, ServiceItem, ServicePoint, ServicePointKind, ServiceType

__all__ = [
    "LocalServiceItemFactory",
    "ServiceCategoryFactory",
    "ServiceItemFactory",
    "ServicePointFactory",
    "TerminalFactory",
]


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-category-{n}")
    name = factory.Sequence(lambda n: f"测试类别{n}")
    name_en = factory.Sequence(lambda n: f"Test category {n}")
    sort_order = factory.Sequence(lambda n: 100 + n)


class ServiceItemFactory(factory.django.DjangoModelFactory):
    """A city item (no community)."""

    class Meta:
        model = ServiceItem

    category = factory.SubFactory(ServiceCategoryFactory)
    community = None
    code = factory.Sequence(lambda n: f"test-item-{n}")
    service_type = ServiceType.ADMINISTRATIVE
    name = factory.Sequence(lambda n: f"测试事项{n}")
    name_en = factory.Sequence(lambda n: f"Test service {n}")
    summary = "为居民办理的测试事项。"
    summary_en = "A test service for residents."
    eligibility = "本社区居民。"
    eligibility_en = "Residents of the community."
    materials = "居民身份证\n户口簿"
    materials_en = "Resident ID card\nHousehold register"
    steps = "到综合窗口提交材料\n工作人员受理\n领取结果"
    steps_en = (
        "Hand in the materials at the window\nStaff accept the application\nCollect the result"
    )
    processing_time = "即时办结"
    processing_time_en = "Done on the spot"
    fee = "免费"
    fee_en = "Free"
    at_window = True


class LocalServiceItemFactory(ServiceItemFactory):
    """A community's own item: pass ``community``."""

    code = ""
    name = factory.Sequence(lambda n: f"社区特色服务{n}")
    name_en = factory.Sequence(lambda n: f"Local service {n}")


class ServicePointFactory(factory.django.DjangoModelFactory):
    """A community's service centre (pass ``community``)."""

    class Meta:
        model = ServicePoint

    kind = ServicePointKind.SERVICE_CENTRE
    name = factory.LazyAttribute(lambda o: f"{o.community.name}党群服务中心综合窗口")
    name_en = "Community service centre, comprehensive window"
    location = factory.LazyAttribute(lambda o: f"{o.community.name}党群服务中心一楼")
    location_en = "Ground floor, community service centre"
    hours = "周一至周五 9:00-12:00, 14:00-18:00"
    hours_en = "Mon-Fri 9:00-12:00, 14:00-18:00"
    phone = "0755-26000000"


class TerminalFactory(ServicePointFactory):
    """A 24-hour self-service terminal (易办事)."""

    kind = ServicePointKind.TERMINAL
    name = factory.LazyAttribute(lambda o: f"{o.community.name}易办事自助终端")
    name_en = "Self-service terminal"
    location = factory.LazyAttribute(lambda o: f"{o.community.name}党群服务中心24小时自助服务厅")
    location_en = "24-hour self-service hall, community service centre"
    hours = "24小时"
    hours_en = "24 hours"
    phone = ""
