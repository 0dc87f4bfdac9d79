"""The moderation queue (审核队列): items waiting for a decision (held for a banned word,
hidden after reports) and published items with open reports, from the user's communities only.

Topics, replies, posts and comments are four tables, so the queue gathers each (a few queries
per kind, bounded by ``LIMIT``), merges them and pages through the result in memory.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.privacy.masking import public_name_for
from communities.models import Community, NewsPage
from forums.models import AWAITING_MODERATION, Flag, FlagReason, Post, Reply, Topic, Visibility
from forums.services.moderation import kind_label
from forums.services.moderation.items import item_url, scoped
from portal.usertext import excerpt

from .scope import may_moderate_somewhere, moderated_ids, scoped_communities

__all__ = ["LIMIT", "QueueRow", "QueueView", "queue_rows"]

LIMIT = 500  # per kind: a queue longer than this is worked from the top anyway
PER_PAGE = 50
NAMESPACE = "forums_moderation"
_REASONS = dict(FlagReason.choices)


@dataclass
class QueueRow:
    kind: str
    item: object
    community: Community
    title: str
    excerpt: str
    author: str
    visibility: str
    date: datetime
    reasons: list[tuple[str, int]] = field(default_factory=list)
    public_url: str = ""

    @property
    def flags(self) -> int:
        return sum(count for _label, count in self.reasons)

    @property
    def awaiting(self) -> bool:
        return self.visibility in AWAITING_MODERATION

    @property
    def visibility_label(self) -> str:
        return Visibility(self.visibility).label

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def admin_url(self) -> str:
        return reverse(f"{NAMESPACE}:item", args=[self.kind, self.item.pk])


def _reasons(model, pks: list[int]) -> dict[int, list[tuple[str, int]]]:
    if not pks:
        return {}
    counts: dict[int, Counter] = {}
    flags = Flag.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=pks,
        resolved_at__isnull=True,
    ).values_list("object_id", "reason")
    for object_id, reason in flags:
        counts.setdefault(object_id, Counter())[reason] += 1
    return {
        pk: [(str(_REASONS.get(reason, reason)), n) for reason, n in counter.most_common()]
        for pk, counter in counts.items()
    }


def _content_rows(ids: frozenset[int] | None, kind: str, pages: dict) -> list[QueueRow]:
    model = {"topic": Topic, "reply": Reply, "post": Post}[kind]
    waiting = Q(visibility__in=AWAITING_MODERATION) | Q(flag_count__gt=0)
    related = ["community", "author"] + (["topic"] if kind == "reply" else [])
    items = list(
        scoped(model.objects.filter(waiting), ids)
        .select_related(*related)
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    reasons = _reasons(model, [i.pk for i in items])
    return [
        QueueRow(
            kind=kind,
            item=item,
            community=item.community,
            title=getattr(item, "title", "") or item.topic.title,
            excerpt=excerpt(item.body, 120),
            author=public_name_for(item.author),
            visibility=item.visibility,
            date=item.created_at,
            reasons=reasons.get(item.pk, []),
            public_url=item_url(item, full=True, pages=pages),
        )
        for item in items
    ]


def _news_pages(ids: frozenset[int]) -> dict[str, Community]:
    """object_pk (a string, as comments store it) of each news page → its community."""
    pages: dict[str, Community] = {}
    for community in Community.objects.filter(pk__in=ids).select_related("site__root_page"):
        if community.site_id is None:
            continue
        for pk in NewsPage.objects.descendant_of(community.site.root_page).values_list(
            "pk", flat=True
        ):
            pages[str(pk)] = community
    return pages


def _comment_rows(ids: frozenset[int] | None) -> list[QueueRow]:
    from django_comments_xtd.models import XtdComment

    from forums.comments.services import comment_community, comment_visibility

    comment_type = ContentType.objects.get_for_model(XtdComment)
    flagged = Flag.objects.filter(content_type=comment_type, resolved_at__isnull=True)
    held = Q(is_public=False, is_removed=False)
    comments = XtdComment.norel_objects.filter(
        content_type=ContentType.objects.get_for_model(NewsPage)
    )
    pages: dict[str, Community] = {}
    if ids is not None:
        flagged = flagged.filter(community_id__in=ids)
        pages = _news_pages(ids)
        held &= Q(object_pk__in=list(pages))
    flagged_ids = list(flagged.values_list("object_id", flat=True)[:LIMIT])
    found = list(
        comments.filter(held | Q(pk__in=flagged_ids))
        .select_related("user")
        .order_by("-submit_date", "-pk")[:LIMIT]
    )
    reasons = _reasons(XtdComment, [c.pk for c in found])
    rows = []
    for comment in found:
        try:
            community = pages.get(comment.object_pk)
            if community is None:
                community = pages[comment.object_pk] = comment_community(comment)
            public_url = item_url(comment, full=True)
        except ObjectDoesNotExist:  # its news page is gone: nothing to show it on
            continue
        if ids is not None and community.pk not in ids:
            continue
        rows.append(
            QueueRow(
                kind="comment",
                item=comment,
                community=community,
                title="",
                excerpt=excerpt(comment.comment, 120),
                author=public_name_for(comment.user),
                visibility=comment_visibility(comment),
                date=comment.submit_date,
                reasons=reasons.get(comment.pk, []),
                public_url=public_url,
            )
        )
    return rows


def queue_rows(user, *, kind: str = "", community_id: int | None = None) -> list[QueueRow]:
    """The queue of ``user`` (only their communities), waiting items first, newest first."""
    ids = moderated_ids(user)
    if community_id is not None:
        if ids is not None and community_id not in ids:
            return []
        ids = frozenset({community_id})
    rows: list[QueueRow] = []
    pages: dict = {}
    for name in ("topic", "reply", "post"):
        if kind in ("", name):
            rows += _content_rows(ids, name, pages)
    if kind in ("", "comment"):
        rows += _comment_rows(ids)
    rows.sort(key=lambda r: (not r.awaiting, -r.date.timestamp()))
    return rows


class QueueView(WagtailAdminTemplateMixin, TemplateView):
    """The queue page, filterable by kind and community."""

    template_name = "forums/admin/queue.html"
    page_title = _("Moderation queue")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not may_moderate_somewhere(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def communities(self) -> list[Community]:
        return list(scoped_communities(moderated_ids(self.request.user))[:1000])

    def _community_id(self) -> int | None:
        value = self.request.GET.get("community", "")
        return int(value) if value.isdigit() else None

    def _kind(self) -> str:
        value = self.request.GET.get("kind", "")
        return value if value in ("topic", "reply", "post", "comment") else ""

    def get_context_data(self, **kwargs):
        kind, community_id = self._kind(), self._community_id()
        rows = queue_rows(self.request.user, kind=kind, community_id=community_id)
        page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            page_obj=page,
            rows=page.object_list,
            total=len(rows),
            kinds=[(k, kind_label(k)) for k in ("topic", "reply", "post", "comment")],
            kind=kind,
            communities=self.communities,
            community_id=community_id,
            **kwargs,
        )
