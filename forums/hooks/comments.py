"""What the comments part of the app registers at start-up (notification kinds, account sections,
exporters, rules)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User


def export_news_comments(user: User) -> list[dict]:
    """The user's news comments for their data export (个人信息导出): text, page, date, state.

    Two queries: the comments, then the titles of the pages they are on.
    """
    from django.contrib.contenttypes.models import ContentType
    from django_comments_xtd.models import XtdComment

    from communities.models import NewsPage

    rows = list(
        XtdComment.norel_objects.filter(
            user=user, content_type=ContentType.objects.get_for_model(NewsPage)
        )
        .order_by("submit_date", "pk")
        .values("pk", "object_pk", "comment", "submit_date", "is_public", "is_removed")
    )
    page_ids = {row["object_pk"] for row in rows if row["object_pk"].isdigit()}
    titles = {
        str(pk): title
        for pk, title in NewsPage.objects.filter(pk__in=page_ids).values_list("pk", "title")
    }
    return [
        {
            "page_title": titles.get(row["object_pk"], ""),
            "text": row["comment"],
            "date": row["submit_date"],
            "published": row["is_public"] and not row["is_removed"],
        }
        for row in rows
    ]


def register() -> None:
    """Called once from ``ForumsConfig.ready``."""
    from accounts.privacy.export import register_exporter

    register_exporter("news_comments", export_news_comments)
