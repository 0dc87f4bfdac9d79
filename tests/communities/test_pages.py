"""What residents see on a community site: home, news and notices, pages, not-found."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from communities.factories import NewsPageFactory, StandardPageFactory
from communities.models import CommunitySettings, NewsCategory, NewsIndexPage
from communities.models.pages import NEWS_PER_PAGE
from tests.conftest import assert_accessible_basics, host_of


def news_index(community) -> NewsIndexPage:
    return NewsIndexPage.objects.child_of(community.site.root_page).get()


def add_news(community, title: str, category=NewsCategory.NEWS, days_ago: int = 0, **kwargs):
    return NewsPageFactory(
        parent=news_index(community),
        title=title,
        category=category,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        **kwargs,
    )


def listed_titles(body: str) -> list[str]:
    """Titles of the items in the page's item lists, in order."""
    lists = re.findall(r'<ul class="item-list[^"]*">(.*?)</ul>', body, re.S)
    # The item's first link is its title, wherever the theme puts it among date and tag.
    return re.findall(r'<li[^>]*>(?:(?!</li>).)*?<a href="[^"]+">([^<]+)</a>', "".join(lists), re.S)


def get(client, community, path: str = "/", **params):
    return client.get(path, params, **host_of(community))


# Community home (社区首页)


def test_home_shows_its_name_news_and_notices_not_another_communitys(
    client, community_a, community_b
):
    add_news(community_a, "花果山社区垃圾分类宣传活动", days_ago=1)
    add_news(community_a, "关于小区停水的通知", category=NewsCategory.NOTICE, days_ago=2)
    add_news(community_b, "湾厦社区端午节活动", days_ago=0)
    add_news(community_b, "湾厦社区停电通知", category=NewsCategory.NOTICE, days_ago=0)
    response = get(client, community_a)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="page-title">花果山社区</h1>' in body
    assert listed_titles(body) == ["关于小区停水的通知", "花果山社区垃圾分类宣传活动"]
    assert "湾厦" not in body


def test_home_lists_the_latest_first_and_links_to_all_news(client, community_a):
    for days in range(8):
        add_news(community_a, f"第{days}天的动态", days_ago=days)
    body = get(client, community_a).content.decode()
    titles = listed_titles(body)
    assert titles == [f"第{days}天的动态" for days in range(6)]  # the six most recent
    # Themes word the link differently ("全部" beside the heading, …); its name says it all.
    assert re.search(r'<a class="more[^"]*" href="/news/"[^>]*>', body)
    assert "全部新闻公告" in body


def test_home_says_when_there_is_nothing_yet(client, community_a):
    body = get(client, community_a).content.decode()
    assert "暂无通知公告。" in body
    assert "暂无动态。" in body


def test_contact_block_comes_from_the_community_settings(client, community_a, community_b):
    CommunitySettings.objects.filter(site=community_a.site).update(
        contact_phone="0755-86001234",
        address="南山区招商街道花果山党群服务中心",
        opening_hours="周一至周五 9:00-12:00\n周六 9:00-12:00",
        wechat_account="花果山社区服务号",
    )
    CommunitySettings.objects.filter(site=community_b.site).update(contact_phone="0755-26880000")
    body = get(client, community_a).content.decode()
    contact = body.split('id="contact-heading"', 1)[1].split("</section>", 1)[0]
    assert ">联系社区</h2>" in contact
    assert '<a href="tel:075586001234">0755-86001234</a>' in contact
    assert "南山区招商街道花果山党群服务中心" in contact
    assert "周一至周五 9:00-12:00<br>周六 9:00-12:00" in contact
    assert "花果山社区服务号" in contact
    assert "26880000" not in body


def test_contact_block_without_settings_points_to_the_hotline(client, community_a):
    body = get(client, community_a).content.decode()
    assert "社区尚未公布联系方式" in body
    assert "12345" in body


# Drafts and private pages


def test_a_never_published_news_item_is_not_shown(client, community_a):
    draft = add_news(community_a, "尚未发布的草稿", live=False)
    assert "尚未发布的草稿" not in get(client, community_a).content.decode()
    assert "尚未发布的草稿" not in get(client, community_a, "/news/").content.decode()
    assert get(client, community_a, f"/news/{draft.slug}/").status_code == 404


def test_unpublished_changes_to_a_news_item_are_not_shown(client, community_a):
    item = add_news(community_a, "已发布的标题", summary="已发布的摘要")
    item.title = "未发布的修改"
    item.summary = "未发布的摘要"
    item.save_revision()  # saved as a draft, not published
    for path in ("/", "/news/", f"/news/{item.slug}/"):
        body = get(client, community_a, path).content.decode()
        assert "已发布的标题" in body, path
        assert "未发布" not in body, path


PERSONAL = "困难家庭：张三，身份证 440305199001011234，电话 13800138000"


@pytest.mark.parametrize("restriction", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD])
def test_a_private_pages_personal_data_never_shows(client, community_a, restriction):
    item = add_news(
        community_a,
        "低保复核名单",
        category=NewsCategory.NOTICE,
        summary=PERSONAL,
        body=[("paragraph", f"<p>{PERSONAL}</p>")],
    )
    PageViewRestriction.objects.create(
        page=item, restriction_type=restriction, password="s3cret-pass"
    )
    response = get(client, community_a, f"/news/{item.slug}/")
    assert response.status_code in (200, 302)  # the password form, or off to log in
    for path in ("/", "/news/", "/news/?category=notice"):
        body = get(client, community_a, path).content.decode()
        assert "13800138000" not in body, path
        assert "低保复核名单" not in body, path
    assert "13800138000" not in response.content.decode()
    assert "张三" not in response.content.decode()


def test_pages_under_a_private_section_stay_private(client, community_a):
    about = community_a.site.root_page.get_children().get(slug="about")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    child = StandardPageFactory(parent=about, title="居民档案", intro=PERSONAL, slug="records")
    response = get(client, community_a, f"/about/{child.slug}/")
    assert response.status_code == 302
    assert "login/?next=/about/records/" in response["Location"]
    assert "张三" not in response.content.decode()


# News and notices (新闻公告)


def test_news_index_filters_by_category(client, community_a):
    add_news(community_a, "停水通知", category=NewsCategory.NOTICE)
    add_news(community_a, "文艺汇演", category=NewsCategory.NEWS)
    add_news(community_a, "居住证办理指南", category=NewsCategory.GUIDE)
    everything = get(client, community_a, "/news/").content.decode()
    assert sorted(listed_titles(everything)) == sorted(["停水通知", "文艺汇演", "居住证办理指南"])
    notices = get(client, community_a, "/news/", category="notice").content.decode()
    assert listed_titles(notices) == ["停水通知"]
    assert 'href="?category=notice" aria-current="true">通知公告</a>' in notices
    guides = get(client, community_a, "/news/", category="guide").content.decode()
    assert listed_titles(guides) == ["居住证办理指南"]
    # An unknown category is ignored rather than failing.
    unknown = get(client, community_a, "/news/", category="<b>x</b>")
    assert unknown.status_code == 200
    assert len(listed_titles(unknown.content.decode())) == 3


def test_news_index_paginates(client, community_a):
    for number in range(NEWS_PER_PAGE + 1):
        add_news(community_a, f"动态{number:02d}", days_ago=number)
    first = get(client, community_a, "/news/").content.decode()
    assert len(listed_titles(first)) == NEWS_PER_PAGE
    assert "第 1 页，共 2 页" in first
    assert 'href="?page=2" rel="next">下一页</a>' in first
    second = get(client, community_a, "/news/", page="2").content.decode()
    assert listed_titles(second) == [f"动态{NEWS_PER_PAGE:02d}"]
    assert 'rel="prev">上一页</a>' in second


def test_category_filter_survives_paging(client, community_a):
    for number in range(NEWS_PER_PAGE + 1):
        add_news(community_a, f"通知{number:02d}", category=NewsCategory.NOTICE, days_ago=number)
    add_news(community_a, "不是通知", days_ago=100)
    first = get(client, community_a, "/news/", category="notice").content.decode()
    assert 'href="?category=notice&amp;page=2" rel="next"' in first
    second = get(client, community_a, "/news/", category="notice", page="2").content.decode()
    assert listed_titles(second) == [f"通知{NEWS_PER_PAGE:02d}"]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", "9" * 5000, "", "%00"])
def test_bad_page_numbers_never_fail(client, community_a, page):
    add_news(community_a, "唯一的动态")
    response = get(client, community_a, "/news/", page=page)
    assert response.status_code == 200
    assert listed_titles(response.content.decode()) == ["唯一的动态"]


def test_news_page_shows_its_category_date_and_body(client, community_a):
    item = add_news(
        community_a,
        "社区义诊通知",
        category=NewsCategory.NOTICE,
        summary="本周六上午义诊",
        body=[("paragraph", "<p>地点：社区党群服务中心。</p>")],
    )
    body = get(client, community_a, f"/news/{item.slug}/").content.decode()
    assert '<h1 class="page-title">社区义诊通知</h1>' in body
    assert '<span class="tag">通知公告</span>' in body
    assert f'<time datetime="{item.date:%Y-%m-%d}">' in body
    assert "地点：社区党群服务中心。" in body


def test_standard_page_renders_in_the_community_layout(client, community_a):
    about = community_a.site.root_page.get_children().get(slug="about").specific
    about.intro = "花果山社区位于招商街道。"
    about.save_revision().publish()
    body = get(client, community_a, "/about/").content.decode()
    assert '<h1 class="page-title">社区概况</h1>' in body
    assert "花果山社区位于招商街道。" in body
    assert '<a href="/about/" aria-current="page">社区概况</a>' in body


# Not found


def test_missing_path_gets_a_themed_chinese_404(client, community_a):
    response = get(client, community_a, "/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="zh-Hans">' in body
    assert '<h1 class="page-title">页面不存在</h1>' in body
    assert "您要访问的页面不存在或已移动。" in body
    # The community's own layout: its name, its menu, its contact block, the skip link.
    assert "花果山社区" in body
    assert ">新闻公告</a>" in body
    assert ">联系社区</h2>" in body
    assert '<a class="skip-link" href="#main">跳到主要内容</a>' in body


# Accessibility basics (the full axe-core audit comes with the themes)


def test_community_pages_keep_the_accessibility_basics(client, community_a):
    item = add_news(
        community_a,
        "停水通知",
        category=NewsCategory.NOTICE,
        body=[
            ("heading", {"text": "停水时间", "level": "h2"}),
            ("paragraph", "<p>周六 9:00 至 17:00。</p>"),
            ("notice", {"title": "请提前储水", "text": "<p>谢谢配合。</p>"}),
        ],
    )
    paths = ["/", "/news/", "/news/?category=notice", f"/news/{item.slug}/", "/about/"]
    paths += ["/en/", "/en/news/", "/en/about/"]  # the news item has no English version
    for path in paths:
        response = get(client, community_a, path)
        assert response.status_code == 200, path
        assert_accessible_basics(response.content.decode())
    response = get(client, community_a, "/no-such-page/")
    assert_accessible_basics(response.content.decode())
