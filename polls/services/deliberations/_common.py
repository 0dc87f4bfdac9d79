"""What the deliberation services share (阳光议事): who edits a community, the audit log, the
deliberation's public address and the notices sent about it."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from accounts.models import User
from communities.admin_scope import edits_community
from communities.models import Community
from communities.site_pages import community_page
from notifications.services import notify
from polls.models import Deliberation, DeliberationStatus, PollIndexPage
from polls.services.common import NotEligible, PollError

__all__ = [
    "ACTIONS",
    "NOTICE_KIND",
    "PUBLIC_STATUSES",
    "WrongState",
    "deliberation_path",
    "deliberation_url",
    "is_editor",
    "record",
    "refetch",
    "require_editor",
    "tell",
]

# The audit log actions (审计日志), registered in ``polls/hooks/deliberations.py``.
ACTIONS = {
    "jiayuan.deliberation_schedule": gettext_lazy("Schedule a deliberation"),
    "jiayuan.deliberation_reject": gettext_lazy("Decline a deliberation"),
    "jiayuan.deliberation_conclude": gettext_lazy("Conclude a deliberation"),
    "jiayuan.deliberation_action": gettext_lazy("Update a deliberation's action item"),
}

# Registered by the polls' common hooks: "Polls I voted in or proposed".
NOTICE_KIND = "polls"

# What the public sees; a submitted or declined proposal only its proposer and the editors.
PUBLIC_STATUSES = (DeliberationStatus.SCHEDULED, DeliberationStatus.CONCLUDED)


class WrongState(PollError):
    """The deliberation is not in a state where this can be done (already scheduled...)."""

    status = 409


def is_editor(user: User | AnonymousUser | None, community: Community) -> bool:
    """An editor of ``community`` (社区工作站) or a city administrator (no query once the
    user's scope is cached)."""
    return edits_community(user, community.pk)


def require_editor(user: User | AnonymousUser | None, community: Community) -> None:
    if not is_editor(user, community):
        raise NotEligible(
            _("Only the editors of %(community)s can do this.") % {"community": community.name},
            code="not_editor",
        )


def record(deliberation: Deliberation, action: str, user: User | None, **data) -> None:
    """One audit entry (the action must be one of ``ACTIONS``)."""
    if action not in ACTIONS:  # an unregistered action would show as a bare code
        raise ValueError(f"Unknown deliberation action {action!r}")
    log(
        deliberation, action, user=user, data={k: v for k, v in data.items() if v not in (None, "")}
    )


def _polls_page(community_id: int) -> PollIndexPage | None:
    """The community's live polls page in the site's default language (two queries)."""
    return community_page(community_id, PollIndexPage)


def deliberation_path(deliberation: Deliberation) -> str:
    """The site-relative path of the deliberation's page ("/polls/deliberation/3/"), or ""
    when the community has no polls page."""
    page = _polls_page(deliberation.community_id)
    parts = page.get_url_parts() if page is not None else None
    if parts is None:
        return ""
    return parts[2] + page.reverse_subpage(
        "deliberation", kwargs={"deliberation_id": deliberation.pk}
    )


def deliberation_url(deliberation: Deliberation) -> str:
    """The page's absolute address on the community's own host (for topics and emails)."""
    path = deliberation_path(deliberation)
    return deliberation.community.get_url().rstrip("/") + path if path else ""


def tell(
    users: Iterable[User], deliberation: Deliberation, title: str, body: str = "", path: str = ""
) -> None:
    """Notify each of ``users`` once (inside the caller's transaction: a rollback tells
    nobody; the emails are queued on commit by ``notify``)."""
    base_url = deliberation.community.get_url()
    seen: set[int] = set()
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        notify(user, NOTICE_KIND, title, body, path, base_url=base_url)


def refetch(deliberation: Deliberation) -> Deliberation:
    """The deliberation, row-locked for the rest of the transaction."""
    return (
        Deliberation.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=deliberation.pk)
    )
