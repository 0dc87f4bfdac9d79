"""Factories for tenancy records and community pages (tests and the demo city)."""

import datetime
import json
from pathlib import Path

import factory
import wagtail_factories
from django.utils import timezone

from .models import Community, District, NewsCategory, NewsPage, StandardPage, Subdistrict
from .services.provisioning import CommunitySpec, provision_community

DEMO_NEWS_FILE = Path(__file__).resolve().parent / "data" / "demo_news.json"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试{n}区")
    code = factory.Sequence(lambda n: f"{449000 + n}")
    sort_order = factory.Sequence(int)


class SubdistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subdistrict
        django_get_or_create = ("district", "name")

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"测试{n}街道")
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}{n % 1000:03d}")


class CommunityFactory(factory.Factory):
    """A fully provisioned community (site, pages, collection, groups) via the real service."""

    class Meta:
        model = Community

    district = factory.LazyFunction(lambda: DistrictFactory().name)
    subdistrict = factory.Sequence(lambda n: f"试点{n}街道")
    name = factory.Sequence(lambda n: f"示范{n}社区")
    slug = factory.Sequence(lambda n: f"demo-{n}")
    grids = 0

    @classmethod
    def _create(cls, model_class, **kwargs):
        return provision_community(CommunitySpec(**kwargs)).community


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"社区新闻 {n}")
    date = factory.LazyFunction(timezone.localdate)
    category = NewsCategory.NEWS
    summary = "社区动态摘要"
    body = factory.LazyFunction(lambda: [("paragraph", "<p>社区新闻正文。</p>")])


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"页面 {n}")


def fill_demo_about_page(community: Community) -> bool:
    """Give a community's "about" page (社区概况) the demo profile, unless it has a body."""
    about = community.site.root_page.get_children().filter(slug="about").specific().first()
    if about is None or about.body:
        return False
    data = json.loads(DEMO_NEWS_FILE.read_text(encoding="utf-8"))["about"]
    fill = {"community": community.name, "subdistrict": community.subdistrict.name}
    about.intro = data["intro"].format(**fill)
    about.body = [(kind, value) for kind, value in data["body"]]
    about.save_revision().publish()
    return True


def create_demo_news(community: Community, count: int, today: datetime.date) -> int:
    """Give a community ``count`` news items from the demo data file, unless it has some."""
    home = community.site.root_page
    news_index = home.get_children().filter(slug="news").first()
    if news_index is None or news_index.get_children().exists():
        return 0
    items = json.loads(DEMO_NEWS_FILE.read_text(encoding="utf-8"))["items"]
    for number in range(count):
        item = items[number % len(items)]
        fill = {"community": community.name}
        NewsPageFactory(
            parent=news_index,
            title=item["title"].format(**fill),
            slug=f"item-{number + 1}",
            date=today - datetime.timedelta(days=3 * number),
            category=item["category"],
            summary=item["summary"].format(**fill),
            body=[("paragraph", f"<p>{p.format(**fill)}</p>") for p in item["paragraphs"]],
        )
    return count
