"""``{% load comments_tags %}{% news_comments page %}``: a news page's comments section.

The thread, then the comment form for those who may post, a sign-in link for visitors, or
the reason someone may not comment. A constant number of queries whatever the number of
comments: the tree (one), the verified-resident badges (one); for a signed-in reader the
ban check and whether the page takes comments (one each).
"""

from __future__ import annotations

from django import template
from django.contrib.messages import get_messages
from django.utils.translation import gettext as _

from accounts.services.residency import verified_resident_ids
from communities.models import CommunitySettings
from forums.comments.forms import CommentForm
from forums.comments.services import takes_comments, visible_comments
from forums.services.guard import posting_refusal

register = template.Library()


def _reply_to(request) -> int | None:
    try:
        return int(request.GET.get("reply_to", ""))
    except (TypeError, ValueError):
        return None


def _refusal(request, community, page) -> tuple[str, str]:
    """(code, reason) why the visitor may not comment here; ("ok", "") when they may."""
    user = request.user
    if user.is_authenticated:
        # The page already read the site's settings for its theme: no query here.
        refusal = posting_refusal(
            user, community, site_settings=CommunitySettings.for_request(request)
        )
        if refusal is not None:
            return refusal.code, refusal.reason
        # Last, as only those who may comment need to know (one query).
        if not takes_comments(page):
            return "closed", _("Comments are open on published public pages only.")
        return "ok", ""
    return "anonymous", ""


@register.inclusion_tag("forums/comments/section.html", takes_context=True)
def news_comments(context: template.Context, page) -> dict:
    """The comments of news ``page`` and the form, for the request's user."""
    request = context.get("request")
    community = context.get("community")
    if request is None or community is None or page is None:
        return {"enabled": False}
    tree = visible_comments(page, request.user)
    code, reason = _refusal(request, community, page)
    reply_node = tree.replyable(_reply_to(request)) if code == "ok" else None
    form = CommentForm(initial={"parent": reply_node.pk} if reply_node else None)
    return {
        "enabled": True,
        "page": page,
        "request": request,
        "community": community,
        "tree": tree,
        "verified_ids": verified_resident_ids(community, tree.user_ids),
        "may_comment": code == "ok",
        "refusal_code": code,
        "refusal": reason,
        "reply_node": reply_node,
        "form": form,
        "messages": get_messages(request),
        "csrf_token": context.get("csrf_token"),
        "user": request.user,
    }
