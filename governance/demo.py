"""The demo city's work network (社会管理工作网): the taxonomy, staff logins and ~30 events.

Every event is reported and moved through the real services with past ``now`` values, so the
demo holds what real use produces: log entries, checkpoints, notifications. A few deadlines
have passed on purpose; the scheduler started by ``make demo`` marks them overdue and
escalates them (督办), and closes the resolution nobody answered, soon after the demo starts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_login
from accounts.models import Role, SupervisionLevel, User
from accounts.services.roles import grant_role
from communities.models import Community, Grid

from . import services
from .models import Category, Department, Event, EventSource
from .scope import may_handle
from .services.taxonomy import load_taxonomy

__all__ = ["DEMO_HANDLER_DEPARTMENT", "STORIES", "ensure_work_network_staff", "seed_demo_events"]

DEMO_HANDLER_DEPARTMENT = "urban-management"
H, D = (lambda n: timedelta(hours=n)), (lambda n: timedelta(days=n))


@dataclass(frozen=True)
class Story:
    """One demo event: where, what, when reported (before the seed), then its steps.

    A step is (action, time after the report, argument): accept, reject (reason), dispatch,
    start, resolve (resolution), return (reason), duplicate (the title of an earlier story),
    confirm ((score, comment)), reopen ((reason, score)).
    """

    community: int  # among the first three demo communities
    category: str
    source: str
    ago: timedelta
    title: str
    description: str
    steps: tuple[tuple[str, timedelta, object], ...] = ()
    location: str = ""


P, HL, G = EventSource.PORTAL, EventSource.HOTLINE, EventSource.GRID_WORKER
F, PO, DP = EventSource.FORUM, EventSource.PUBLIC_OPINION, EventSource.DEPARTMENT
_HANDLED = (("accept", H(1), None), ("dispatch", H(2), None), ("start", H(4), None))
_DISPATCHED = (("accept", H(1), None), ("dispatch", H(2), None))

STORIES: tuple[Story, ...] = (
    # Closed with a score (案结事了): the assessment report's history.
    Story(0, "h-street-lights", P, D(26), "3栋旁路灯不亮",
          "3栋和4栋之间的路灯坏了一周，晚上很黑。",
          (*_HANDLED, ("resolve", D(2), "已更换灯具，恢复照明。"),
           ("confirm", D(3), (5, "修得很快，谢谢！"))), "3栋与4栋之间"),
    Story(0, "h-household-waste", HL, D(24), "垃圾站三天没清运",
          "12345来电：小区东门垃圾站三天没有清运，气味很大。",
          (*_HANDLED, ("resolve", D(1), "已安排清运并增加清运频次。"),
           ("confirm", D(2), (4, "回访：来电人表示已清运。"))), "东门垃圾站"),
    Story(0, "h-illegal-extension", G, D(23), "楼顶违规加建铁皮房",
          "巡查发现7栋楼顶新搭建铁皮房约20平方米。",
          (*_HANDLED, ("resolve", D(12), "已责令业主自行拆除，现场复查已拆除。"),
           ("confirm", D(13), (4, ""))), "7栋楼顶"),
    Story(0, "h-street-vending", P, D(22), "早市占道经营",
          "每天早上市场门口摊贩占满人行道，行人只能走机动车道。",
          (*_HANDLED, ("resolve", D(6), "已劝导摊贩入市经营，早市时段安排巡查。"),
           ("confirm", D(7), (3, "好一些了，希望坚持巡查。"))), "农贸市场门口"),
    Story(0, "d-neighbour", F, D(21), "楼上夜间噪音纠纷",
          "楼上住户每晚十二点后还在拖动家具，多次沟通无果。",
          (*_HANDLED, ("resolve", D(4), "社区人民调解委员会组织双方调解，达成协议。"),
           ("confirm", D(5), (5, "调解员很耐心。")))),
    Story(1, "h-potholes", HL, D(20), "路面坑洼积水",
          "12345来电：社区主干道有多处坑洼，雨天积水。",
          (*_HANDLED, ("resolve", D(3), "已完成路面修补。"), ("confirm", D(4), (4, "")))),
    Story(2, "h-kitchen-fumes", PO, D(15), "餐饮店油烟直排",
          "网络反映：商业街多家餐饮店油烟直排居民楼。",
          (*_HANDLED, ("resolve", D(5), "已督促三家店铺安装油烟净化设备。"),
           ("confirm", D(6), (3, "")))),
    # Resolved 17 days ago and never answered: the scan closes it (自动办结).
    Story(0, "h-mobile-vendors", P, D(18), "小区门口流动摊贩",
          "傍晚小区南门聚集流动摊贩，堵住出入口。",
          (*_HANDLED, ("resolve", D(1), "已清理，并纳入傍晚巡查路线。"))),
    # Not accepted (不予受理).
    Story(0, "h-other", P, D(5), "对门装修颜色太难看",
          "对门把入户门刷成了大红色，很不协调。",
          (("reject", H(2), "入户门颜色属业主自主决定事项，不属于社区治理范围。"),)),
    # Being handled, and a second report of the same matter merged into it.
    Story(0, "h-street-lights", P, D(2), "小区北门路灯不亮",
          "北门两盏路灯都不亮了。", _HANDLED, "北门"),
    Story(0, "h-street-lights", HL, D(1), "北门路灯坏了",
          "12345来电：北门附近路灯不亮，老人晚上出门不方便。",
          (("duplicate", H(1), "小区北门路灯不亮"),), "北门"),
    # Returned by the department (退回): waiting for the dispatcher to re-route it.
    Story(0, "h-construction-waste", HL, D(1), "小区内装修垃圾堆放",
          "12345来电：5栋楼下堆了大量装修垃圾。",
          (*_DISPATCHED, ("return", H(5),
                          "垃圾在小区红线内，属物业管理范围，请改派住建部门督促物业清理。"))),
    # Reopened: the reporter is not satisfied (重新办理).
    Story(0, "h-commercial-noise", P, D(4), "楼下烧烤店音响扰民",
          "楼下烧烤店每晚放音乐到凌晨一点。",
          (*_HANDLED, ("resolve", D(2), "已约谈店主，要求晚十点后关闭音响。"),
           ("reopen", D(3), ("昨晚还是放到十二点，没有改善。", 2)))),
    # Resolved, waiting for the reporter (or the dispatcher's call back) to confirm.
    Story(0, "h-waste-sorting", G, D(3), "垃圾分类投放混乱",
          "2栋分类垃圾桶混投严重，厨余垃圾破袋。",
          (*_HANDLED, ("resolve", D(2), "已上门宣传分类，并在投放点安排督导员。"))),
    Story(0, "h-public-toilet", P, D(3), "公园公厕洗手池坏了",
          "社区公园公厕洗手池漏水，地面湿滑。",
          (*_HANDLED, ("resolve", D(2) + H(3), "已维修洗手池，清理地面。")), "社区公园"),
    # Being handled, dispatched, accepted.
    Story(0, "h-billboard", HL, D(1), "广告牌松动",
          "12345来电：商业街一块广告牌一角松脱，刮风时晃动。", _HANDLED, "商业街"),
    Story(2, "h-expired-food", DP, H(20), "超市销售过期食品",
          "市场监管抽检数据：社区一家超市有过期食品在售。", _DISPATCHED),
    Story(0, "h-stray-animals", P, H(20), "流浪狗聚集",
          "小区花园有五六只流浪狗，晚上追咬路人。", _DISPATCHED, "小区花园"),
    Story(0, "d-water-leak", F, H(30), "楼上漏水到我家",
          "楼上卫生间漏水，我家天花板发霉，楼上不配合维修。", _DISPATCHED),
    Story(0, "h-bare-soil", PO, H(10), "工地黄土裸露",
          "网络反映：路口空地黄土裸露，大风天扬尘严重。", (("accept", H(2), None),)),
    Story(0, "d-parking", P, H(6), "车位被长期占用",
          "我的产权车位被他人长期停放。", (("accept", H(1), None),)),
    # Just reported: the dispatcher's queue (the manhole's two hours run during the demo).
    Story(0, "h-posters-graffiti", G, H(2), "单元门小广告",
          "3栋各单元门贴满开锁、通下水道小广告。"),
    Story(0, "h-fitness-equipment", P, H(3), "健身器材损坏",
          "小区健身路径的漫步机断了一根踏板。"),
    Story(0, "d-pets", F, H(1), "邻居的狗在电梯里便溺",
          "同楼层邻居遛狗不牵绳，还在电梯里便溺。"),
    Story(0, "h-manhole", HL, H(0.5), "井盖缺失",
          "12345来电：社区路口一个井盖不见了，很危险。", (), "社区路口"),
    Story(1, "h-residential-noise", HL, H(5), "夜间噪音扰民",
          "12345来电：楼下商铺夜间装修噪音。"),
    # Deadlines passed long ago: the first scan marks them overdue (红牌) and escalates them.
    Story(0, "h-community-facilities", P, D(21), "小区长椅断裂",
          "健身路径旁的长椅断了，老人坐着危险。"),
    Story(0, "h-street-vending", HL, D(20), "夜市占道经营",
          "12345来电：夜市摊档占满消防通道。", _HANDLED),
    Story(0, "h-posters-graffiti", P, D(30), "单元门口小广告贴满",
          "1栋门口小广告层层叠叠，清了又贴。", _DISPATCHED),
    Story(1, "h-illegal-parking", HL, D(25), "消防通道违章停车",
          "12345来电：小区外消防通道长期有车违停。", (("accept", H(1), None),)),
)  # fmt: skip


def ensure_work_network_staff(first: Community) -> dict[str, User]:
    """The demo dispatcher, handler and grid worker of ``first`` (and the existing supervisor
    of its subdistrict), granted by the demo admin like any city administrator would."""
    admin = demo_login("admin")
    people = {
        name: demo_login(name) for name in ("dispatcher", "handler", "gridworker", "resident")
    }
    grant_role(admin, people["dispatcher"], Role.DISPATCHER,
               level=SupervisionLevel.COMMUNITY, community=first)  # fmt: skip
    department = Department.objects.get(code=DEMO_HANDLER_DEPARTMENT)
    grant_role(admin, people["handler"], Role.GOVERNANCE_HANDLER,
               department=department, subdistrict=first.subdistrict)  # fmt: skip
    grid = Grid.objects.filter(community=first).order_by("code").first()
    if grid is not None:  # a seed with --grids 0 has no grid for a grid worker
        grant_role(admin, people["gridworker"], Role.GRID_WORKER, grid=grid)
    return {"admin": admin, **people}


class _Seeder:
    def __init__(self, places: Sequence[Community], people: dict[str, User], now: datetime):
        self.places, self.people, self.now = places, people, now
        self.first = places[0]
        self.grid = Grid.objects.filter(community=self.first).order_by("code").first()
        self.categories = {c.code: c for c in Category.objects.all()}
        self.events: list[Event] = []

    def dispatcher(self, event: Event) -> User:
        return self.people["dispatcher" if event.community_id == self.first.pk else "admin"]

    def handler(self, event: Event) -> User:
        handler = self.people["handler"]
        return handler if may_handle(handler, event) else self.people["admin"]

    def report(self, story: Story, at: datetime) -> Event:
        community = self.places[story.community % len(self.places)]
        source, fields = story.source, {}
        if source == G and (self.grid is None or community != self.first):
            source = HL  # no grid worker there: the dispatch centre takes it in instead
        if source in (P, F, EventSource.POLL):
            fields["reporter"] = self.people["resident"]
        elif source == G:
            fields.update(actor=self.people["gridworker"], grid=self.grid)
        else:
            fields["actor"] = self.people["dispatcher" if community == self.first else "admin"]
        return services.report_event(
            source=source, community=community, category=self.categories[story.category],
            title=story.title, description=story.description, location=story.location,
            now=at, **fields,
        )  # fmt: skip

    def step(self, event: Event, action: str, at: datetime, arg) -> None:
        if action == "accept":
            services.accept_event(event, self.dispatcher(event), now=at)
        elif action == "reject":
            services.reject_event(event, self.dispatcher(event), arg, now=at)
        elif action == "dispatch":
            handler = self.people["handler"]
            chosen = handler if may_handle(handler, event) else None
            services.dispatch_event(event, self.dispatcher(event), handler=chosen, now=at)
        elif action == "start":
            services.start_handling(event, self.handler(event), now=at)
        elif action == "resolve":
            services.resolve_event(event, self.handler(event), arg, now=at)
        elif action == "return":
            services.return_event(event, self.handler(event), arg, now=at)
        elif action == "duplicate":
            original = next(e for e in self.events if e.title == arg)
            services.mark_duplicate(event, self.dispatcher(event), original, now=at)
        elif action in ("confirm", "reopen"):
            # The reporter answers; for an anonymous report, the dispatcher's call back (回访).
            who = event.reporter or self.dispatcher(event)
            if action == "confirm":
                score, comment = arg
                services.confirm_event(event, who, score, comment=comment, now=at)
            else:
                reason, score = arg
                services.reopen_event(event, who, reason, satisfaction=score, now=at)
        else:
            raise ValueError(f"unknown demo step {action!r}")

    def run(self) -> list[Event]:
        for story in STORIES:
            reported = self.now - story.ago
            event = self.report(story, reported)
            for action, after, arg in story.steps:
                at = reported + after
                if at > self.now:
                    raise ValueError(f"demo story {story.title!r}: {action} lies in the future")
                self.step(event, action, at, arg)
            self.events.append(event)
        return self.events


def seed_demo_events(
    communities: Sequence[Community],
    say: Callable[[str], None] = print,
    *,
    now: datetime | None = None,
) -> int:
    """Load the taxonomy, grant the work network's demo staff, and report the demo events in
    the first three of ``communities``; returns how many events were created.

    Safe to run again: with events in the first community already, it adds no events.
    """
    if not communities:
        return 0
    load_taxonomy()
    first = communities[0]
    with transaction.atomic():
        people = ensure_work_network_staff(first)
        if Event.objects.filter(community=first).exists():
            say("Work network: demo events already there.")
            return 0
        now = (now or timezone.now()).replace(second=0, microsecond=0)
        events = _Seeder(list(communities[:3]), people, now).run()
    say(f"Work network: {len(events)} demo events; the scheduler moves the overdue ones.")
    return len(events)
