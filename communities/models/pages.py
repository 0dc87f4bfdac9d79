"""Page types of a community site: home, news index and news, standard pages."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from portal.blocks import RICH_TEXT_FEATURES, BodyBlock
from portal.models import BasePage
from portal.models.base import subtree_q

HOME_NEWS_COUNT = 6
HOME_NOTICE_COUNT = 5
NEWS_PER_PAGE = 12


class NewsCategory(models.TextChoices):
    NOTICE = "notice", _("Notices")  # 通知公告
    NEWS = "news", _("Community news")  # 社区动态
    GUIDE = "guide", _("Service guides")  # 办事指南


class CommunityHomePage(BasePage):
    """The home page (首页) of one community's site; the root of its Wagtail ``Site``."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "communities.NewsIndexPage",
        "communities.StandardPage",
        "forums.PostIndexPage",
        "forums.ForumIndexPage",
    ]
    template = "communities/community_home_page.html"

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("community home page")

    def latest_news(self):
        return (
            NewsPage.objects.live()
            .public()
            .filter(subtree_q(self.path, self.depth))  # descendant_of, with the path index
            .order_by("-date", "-pk")
            .only("title", "url_path", "path", "depth", "date", "category", "summary", "locale_id")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        latest = list(self.latest_news()[: HOME_NEWS_COUNT + HOME_NOTICE_COUNT * 2])
        context["notices"] = [n for n in latest if n.category == NewsCategory.NOTICE][
            :HOME_NOTICE_COUNT
        ]
        context["news_items"] = [n for n in latest if n.category != NewsCategory.NOTICE][
            :HOME_NEWS_COUNT
        ]
        context["news_index"] = (
            NewsIndexPage.objects.live()
            .filter(subtree_q(self.path, self.depth, children_only=True))  # child_of, indexed
            .only("title", "url_path")
            .first()
        )
        return context


class NewsIndexPage(BasePage):
    """The news and notices list (新闻公告) of a community, filterable by category."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    parent_page_types = ["communities.CommunityHomePage"]
    subpage_types = ["communities.NewsPage"]
    max_count_per_parent = 1
    template = "communities/news_index_page.html"

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = (
            NewsPage.objects.live()
            .public()
            .filter(subtree_q(self.path, self.depth, children_only=True))  # child_of, indexed
            .order_by("-date", "-pk")
        )
        category = request.GET.get("category", "")
        if category in NewsCategory.values:
            items = items.filter(category=category)
        else:
            category = ""
        paginator = Paginator(items, NEWS_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        context.update(
            page_obj=page_obj,
            categories=NewsCategory.choices,
            current_category=category,
        )
        return context


class NewsPage(BasePage):
    """One news item or notice (通知公告 / 社区动态 / 办事指南)."""

    date = models.DateField(_("date"), default=timezone.localdate)
    category = models.CharField(
        _("category"), max_length=16, choices=NewsCategory.choices, default=NewsCategory.NEWS
    )
    summary = models.CharField(_("summary"), max_length=240, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    parent_page_types = ["communities.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "communities/news_page.html"

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("category"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("category"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("news page")
        indexes = [models.Index(fields=["date"])]


class StandardPage(BasePage):
    """A plain content page: community profile (社区概况), service information and the like."""

    intro = models.CharField(_("introduction"), max_length=240, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = [
        "communities.CommunityHomePage",
        "communities.StandardPage",
        "portal.PortalHomePage",
    ]
    template = "communities/standard_page.html"

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")
