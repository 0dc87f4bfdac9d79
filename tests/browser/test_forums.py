"""The forum (社区论坛), "I have something to say" (我有话说) and news comments in every theme:
axe-core, same-origin requests, no sideways scrolling, target sizes, elder-friendly mode and
the keyboard, on a 360 px phone and on a desktop; then a resident's complaint from the post
form to its confirmed closure on the post page, by keyboard, in two themes."""

import pytest
from django.conf import settings
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from accounts.factories import UserFactory
from accounts.services.residency import approve_residency, request_residency
from communities.models import Building, Grid, NewsPage
from forums.factories import PostFactory, ReplyFactory, TopicFactory
from forums.models import Board, Post, PostKind
from governance.factories import CategoryFactory, dispatcher, handler
from governance.models import EventStatus
from governance.services import accept_event, dispatch_event, resolve_event, start_handling
from tests.conftest import said
from tests.forums.conftest import forum_page, route_url, say_page
from themes.registry import THEMES
from themes.services import change_theme

from .conftest import DESKTOP, PHONE, PageVisit, origin_of
from .test_governance import LATER_RADIO, sign_in, step_problems, tab_to
from .test_themes import page_problems

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def forum_content(themed_community):
    """A board with a pinned topic with replies (one quoting another), resident posts of each
    kind, and a news item with a comment thread: what each page shows when it is in use."""
    community = themed_community
    board = Board.objects.filter(community=community).order_by("sort_order").first()
    neighbour = UserFactory(display_name="花果山老王")
    topic = TopicFactory(board=board, author=neighbour, title="东门路灯坏了", is_pinned=True)
    first = ReplyFactory(topic=topic, body="我也发现了，晚上很黑。")
    ReplyFactory(topic=topic, body="已经打过12345了。", quoted=first)
    topic.reply_count = 2
    topic.save(update_fields=["reply_count"])
    TopicFactory(board=board, title="周末一起打羽毛球")
    suggestion = PostFactory(community=community, author=neighbour, title="增设充电桩")
    suggestion.official_reply = "已报街道办，下月安装。"
    suggestion.replied_at = timezone.now()
    suggestion.save()
    PostFactory(community=community, kind=PostKind.PRAISE, title="感谢物业及时修好电梯")
    news = NewsPage.objects.live().descendant_of(community.site.root_page).first()
    root = XtdComment.objects.create(
        content_object=news, site_id=settings.SITE_ID, user=neighbour, user_name="花果山老王",
        comment="这个活动很好。", submit_date=timezone.now(), is_public=True,
    )  # fmt: skip
    XtdComment.objects.create(
        content_object=news, site_id=settings.SITE_ID, user=UserFactory(display_name="小李"),
        user_name="小李", comment="同意！", submit_date=timezone.now(), is_public=True,
        parent_id=root.pk,
    )  # fmt: skip
    forum, say = forum_page(community), say_page(community)
    return {
        "forum": route_url(forum, "boards"),
        "board": route_url(forum, "board", board_slug=board.slug),
        "topic": route_url(forum, "topic", topic_id=topic.pk),
        "posts": route_url(say, "posts"),
        "post": route_url(say, "post", post_id=suggestion.pk),
        "news with comments": news.get_url_parts()[2],
    }


@pytest.mark.parametrize("theme", list(THEMES))
def test_forum_posts_and_comments_pass_axe_in_every_theme(
    browser, live_server, themed_community, forum_content, theme
):
    change_theme(themed_community, theme)
    origin = origin_of(live_server, themed_community)
    problems: list[str] = []
    for name, path in forum_content.items():
        # Every page on a phone; the elder-friendly mode and the desktop layout on the pages
        # with the most going on (the theme suite covers both on the shared header and footer).
        variants = [(False, PHONE, "phone")]
        if name in ("topic", "post"):
            variants.append((True, PHONE, "phone"))
        if name in ("topic", "news with comments"):
            variants.append((False, DESKTOP, "desktop"))
        for elder, viewport, width in variants:
            where = f"{theme} · {name} · {width}{' · elder' if elder else ''}"
            visit = PageVisit(browser, origin + path, viewport=viewport, elder=elder)
            try:
                assert visit.response.status == 200, where
                keyboard = name in ("topic", "post") and not elder and width == "phone"
                found = page_problems(visit, theme=theme, elder=elder, keyboard=keyboard)
                problems += [f"{where}: {problem}" for problem in found]
            finally:
                visit.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("theme", list(THEMES))
def test_signed_in_forms_pass_axe_in_every_theme(
    browser, live_server, themed_community, forum_content, theme
):
    """The pages only a signed-in resident sees: the new post and new topic forms, the reply
    form under a topic, the comment form under a news item."""
    change_theme(themed_community, theme)
    origin = origin_of(live_server, themed_community)
    resident = UserFactory(display_name="居民小陈")
    board = Board.objects.filter(community=themed_community).order_by("sort_order").first()
    forum, say = forum_page(themed_community), say_page(themed_community)
    pages = {
        "new post": route_url(say, "post_create"),
        "new topic": route_url(forum, "topic_create", board_slug=board.slug),
        "topic with reply form": forum_content["topic"],
        "news with comment form": forum_content["news with comments"],
    }
    problems: list[str] = []
    for name, path in pages.items():
        visit = PageVisit(browser, origin + path, viewport=PHONE, elder=False)
        try:
            sign_in(visit, origin, resident)
            visit.response = visit.page.goto(origin + path, wait_until="load")
            assert visit.response.status == 200, name
            found = page_problems(visit, theme=theme, elder=False, keyboard=name == "new post")
            found = [p for p in found if not LATER_RADIO.search(p)]  # one Tab stop per group
            problems += [f"{theme} · {name}: {problem}" for problem in found]
        finally:
            visit.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def complaint_setup(themed_community, superuser_in_db):
    community = themed_community
    grid = Grid.objects.create(community=community, code=f"{community.code}901", name="第一网格")
    Building.objects.create(community=community, name="3栋", grid=grid)
    category = CategoryFactory(name="消防通道堵塞", name_en="Blocked fire lane")
    resident = UserFactory(display_name="花果山老张")
    approve_residency(superuser_in_db, request_residency(resident, community, building="3栋",
                                                        unit="1"))  # fmt: skip
    return community, grid, category, resident


@pytest.fixture
def superuser_in_db(db):
    return UserFactory(username="root-browser", is_superuser=True, is_staff=True)


@pytest.mark.parametrize("theme", ["civic", "lantern"])
def test_a_resident_follows_a_complaint_to_closure_by_keyboard(
    browser, live_server, complaint_setup, theme
):
    community, grid, category, resident = complaint_setup
    change_theme(community, theme)
    origin = origin_of(live_server, community)
    say = say_page(community)
    url = origin + route_url(say, "post_create")
    visit = PageVisit(browser, url, viewport=PHONE, elder=False)
    problems: list[str] = []
    try:
        page = visit.page
        sign_in(visit, origin, resident)
        visit.response = page.goto(url, wait_until="load")
        assert visit.response.status == 200
        problems += step_problems(visit, "post form", theme)

        page.check("input[name=kind][value=complaint]")
        page.select_option("select[name=category]", str(category.pk))
        page.fill("input[name=title]", "3栋楼道堆满纸箱")
        page.fill("textarea[name=body]", "3栋2单元楼道堆满纸箱，堵住了消防通道，很危险。")
        page.fill("input[name=building]", "3栋")
        tab_to(visit, "main button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        post = Post.objects.get()
        event = post.event
        assert post.kind == PostKind.COMPLAINT and event is not None
        assert (event.category, event.community, event.grid) == (category, community, grid)
        assert page.url.endswith(route_url(say, "post", post_id=post.pk))
        problems += step_problems(visit, "complaint posted", theme)

        centre, worker = dispatcher(community), handler(category.department, community)
        steps = (
            (lambda: accept_event(event, centre, note="属实，受理"), EventStatus.ACCEPTED),
            (lambda: dispatch_event(event, centre, handler=worker), EventStatus.DISPATCHED),
            (lambda: start_handling(event, worker), EventStatus.IN_PROGRESS),
            (lambda: resolve_event(event, worker, "纸箱已清走，通道畅通。"), EventStatus.RESOLVED),
        )
        for act, status in steps:
            act()
            event.refresh_from_db()
            page.reload(wait_until="load")
            assert said(str(EventStatus(status).label)) in page.inner_text("main"), status

        problems += step_problems(visit, "resolved complaint", theme, keyboard=True)
        tab_to(visit, "input[name=satisfaction]")
        page.keyboard.press("Space")
        for _ in range(4):
            page.keyboard.press("ArrowDown")
        tab_to(visit, "button[value=confirm]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        event.refresh_from_db()
        assert event.status == EventStatus.CLOSED
        assert event.satisfaction == 5
        assert page.url.endswith(route_url(say, "post", post_id=post.pk))
        problems += step_problems(visit, "closed complaint", theme)
    finally:
        visit.close()
    assert not problems, "\n".join(problems)
