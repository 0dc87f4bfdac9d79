"""Proposing a deliberation (提出议题) and the editors' answer: scheduled for discussion and
voting, or declined with the reason."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services.eligibility import check_participation
from communities.models import Community, CommunitySettings, Participation
from governance.models import Category
from polls.models import Deliberation, DeliberationStatus, OutcomeKind
from polls.services.common import NotEligible

from ._common import (
    PUBLIC_STATUSES,
    WrongState,
    deliberation_path,
    is_editor,
    record,
    refetch,
    require_editor,
    tell,
)
from .discussion import open_topic

__all__ = [
    "MAX_WAITING",
    "listed_deliberations",
    "may_propose",
    "propose_deliberation",
    "reject_deliberation",
    "schedule_deliberation",
    "shown_deliberation",
]

TITLE_MAX = 120
PROPOSAL_MAX = 8000
REASON_MAX = 300
# A resident's proposals waiting for the office at once: enough for real use, not a flood.
MAX_WAITING = 3


def may_propose(user: User | AnonymousUser | None, community: Community) -> NotEligible | None:
    """Why ``user`` may not propose in ``community`` (a ``NotEligible`` to raise or show), or
    None: the community's editors always may; residents when the community allows it."""
    answer = check_participation(user, community, "post", rule=Participation.SIGNED_IN)
    if not answer.allowed:
        return NotEligible(answer.reason, code=answer.code)
    if is_editor(user, community):
        return None
    site_settings = CommunitySettings.for_site(community.site)
    if not site_settings.residents_may_propose:
        return NotEligible(
            _(
                "%(community)s does not take proposals from residents online. Talk to the "
                "community office, or start a topic in the forum."
            )
            % {"community": community.name},
            code="closed_to_residents",
        )
    answer = check_participation(user, community, "post", rule=Participation.RESIDENTS)
    if not answer.allowed:
        return NotEligible(
            _(
                "Only verified residents of %(community)s may propose a deliberation. Ask to "
                "be verified from your account's residency page."
            )
            % {"community": community.name},
            code=answer.code,
        )
    return None


def _clean_text(title: str, proposal: str) -> tuple[str, str]:
    title, proposal = (title or "").strip(), (proposal or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give the proposal a short title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Keep the title to %(max)d characters.") % {"max": TITLE_MAX}
    if not proposal:
        errors["proposal"] = _("Say what you propose and why.")
    elif len(proposal) > PROPOSAL_MAX:
        errors["proposal"] = _("Keep the proposal to %(max)d characters.") % {"max": PROPOSAL_MAX}
    if errors:
        raise ValidationError(errors)
    return title, proposal


def propose_deliberation(
    user: User, community: Community, *, title: str, proposal: str, now: datetime | None = None
) -> Deliberation:
    """Put a proposal to the community office (提出议题). It waits (SUBMITTED), seen only by
    its proposer and the editors, until an editor schedules or declines it.

    Raises ``NotEligible`` (who may propose), ``ValidationError`` (title, proposal) and
    ``WrongState`` when the person already has ``MAX_WAITING`` proposals waiting.
    """
    refusal = may_propose(user, community)
    if refusal is not None:
        raise refusal
    title, proposal = _clean_text(title, proposal)
    waiting = Deliberation.objects.filter(
        community=community, proposed_by=user, status=DeliberationStatus.SUBMITTED
    ).count()
    if waiting >= MAX_WAITING and not is_editor(user, community):
        raise WrongState(
            _(
                "You already have %(count)d proposals waiting for the community office. "
                "Wait for its answer before proposing more."
            )
            % {"count": waiting},
            code="too_many_waiting",
        )
    return Deliberation.objects.create(
        community=community,
        title=title,
        proposal=proposal,
        proposed_by=user,
        proposed_at=now or timezone.now(),
        status=DeliberationStatus.SUBMITTED,
    )


def _check_schedule(
    discussion_opens_at, voting_opens_at, voting_closes_at, quorum, pass_threshold,
    who_may_vote, outcome_kind, category, now,
) -> dict[str, str]:  # fmt: skip
    errors: dict[str, str] = {}
    if discussion_opens_at is None:
        errors["discussion_opens_at"] = _("Say when the discussion opens.")
    if voting_opens_at is None:
        errors["voting_opens_at"] = _("Say when voting opens.")
    elif discussion_opens_at is not None and voting_opens_at <= discussion_opens_at:
        errors["voting_opens_at"] = _("Voting must open after the discussion opens.")
    if voting_closes_at is None:
        errors["voting_closes_at"] = _("Say when voting closes.")
    elif voting_opens_at is not None and voting_closes_at <= voting_opens_at:
        errors["voting_closes_at"] = _("Voting must close after it opens.")
    elif voting_closes_at <= now:
        errors["voting_closes_at"] = _("Voting must close in the future.")
    if not isinstance(quorum, int) or quorum < 1:
        errors["quorum"] = _("The quorum is at least 1 vote.")
    if not isinstance(pass_threshold, int) or not 1 <= pass_threshold <= 99:
        errors["pass_threshold"] = _("The pass threshold is a percentage from 1 to 99.")
    if who_may_vote not in Participation.values:
        errors["who_may_vote"] = _("Choose who may vote.")
    if outcome_kind not in OutcomeKind.values:
        errors["outcome_kind"] = _("Choose what happens if it passes.")
    elif outcome_kind == OutcomeKind.EVENT:
        if category is None:
            errors["category"] = _("Choose the category of the governance event.")
        elif not category.is_active:
            errors["category"] = _("This category is no longer in use; choose another.")
    return errors


def schedule_deliberation(
    editor: User,
    deliberation: Deliberation,
    *,
    discussion_opens_at: datetime,
    voting_opens_at: datetime,
    voting_closes_at: datetime,
    quorum: int,
    pass_threshold: int,
    who_may_vote: str,
    outcome_kind: str,
    category: Category | None = None,
    now: datetime | None = None,
) -> Deliberation:
    """An editor takes a proposal up (立项): its discussion and voting dates, quorum, pass
    threshold, who votes and what a pass leads to. It becomes public (SCHEDULED), gets its
    discussion topic in the forum, and the proposer is told.

    Raises ``NotEligible`` (not an editor of its community), ``WrongState`` (not waiting)
    and ``ValidationError`` naming the fields; nothing is saved then.
    """
    now = now or timezone.now()
    require_editor(editor, deliberation.community)
    errors = _check_schedule(
        discussion_opens_at, voting_opens_at, voting_closes_at, quorum, pass_threshold,
        who_may_vote, outcome_kind, category, now,
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = refetch(deliberation)
        if locked.status != DeliberationStatus.SUBMITTED:
            raise WrongState(
                _("This deliberation is no longer waiting to be scheduled."), code="not_waiting"
            )
        locked.discussion_opens_at = discussion_opens_at
        locked.voting_opens_at = voting_opens_at
        locked.voting_closes_at = voting_closes_at
        locked.quorum, locked.pass_threshold = quorum, pass_threshold
        locked.who_may_vote, locked.outcome_kind = who_may_vote, outcome_kind
        locked.category = category if outcome_kind == OutcomeKind.EVENT else None
        locked.status, locked.scheduled_by = DeliberationStatus.SCHEDULED, editor
        locked.save()
        locked.topic = open_topic(locked, now)
        if locked.topic is not None:
            locked.save(update_fields=["topic"])
        record(
            locked, "jiayuan.deliberation_schedule", editor,
            title=locked.title, voting_opens_at=voting_opens_at.isoformat(),
            voting_closes_at=voting_closes_at.isoformat(),
        )  # fmt: skip
        if locked.proposed_by_id != editor.pk:
            tell(
                [locked.proposed_by], locked,
                _("Your proposal “%(title)s” is put to the community") % {"title": locked.title},
                _("Discussion opens on %(when)s.")
                % {"when": timezone.localtime(discussion_opens_at).strftime("%Y-%m-%d %H:%M")},
                deliberation_path(locked),
            )  # fmt: skip
    return locked


def reject_deliberation(editor: User, deliberation: Deliberation, reason: str) -> Deliberation:
    """An editor declines a proposal (不予立项) with the reason the proposer is told."""
    require_editor(editor, deliberation.community)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason, for the proposer.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep the reason to %(max)d characters.") % {"max": REASON_MAX}}
        )
    with transaction.atomic():
        locked = refetch(deliberation)
        if locked.status != DeliberationStatus.SUBMITTED:
            raise WrongState(
                _("This deliberation is no longer waiting for an answer."), code="not_waiting"
            )
        locked.status, locked.rejection_reason = DeliberationStatus.REJECTED, reason
        locked.save(update_fields=["status", "rejection_reason"])
        record(locked, "jiayuan.deliberation_reject", editor, title=locked.title, reason=reason)
        tell(
            [locked.proposed_by], locked,
            _("Your proposal “%(title)s” was not taken up") % {"title": locked.title},
            reason, deliberation_path(locked),
        )  # fmt: skip
    return locked


def _shown_q(user: User | AnonymousUser | None) -> Q:
    shown = Q(status__in=PUBLIC_STATUSES)
    if user is not None and user.is_authenticated:
        shown |= Q(proposed_by_id=user.pk)
    return shown


def listed_deliberations(
    community: Community, user: User | AnonymousUser | None, now: datetime | None = None
) -> QuerySet[Deliberation]:
    """The community's public deliberations and ``user``'s own proposals (waiting or
    declined), newest first. ``now`` is accepted for symmetry with the other lists."""
    return (
        Deliberation.objects.filter(community=community)
        .filter(_shown_q(user))
        .order_by("-proposed_at", "-pk")
    )


def shown_deliberation(
    community: Community, user: User | AnonymousUser | None, deliberation_id: int
) -> Deliberation | None:
    """The deliberation of ``community`` that ``user`` may see (public, their own, or any
    for its editors); None for any other (the page answers 404)."""
    found = Deliberation.objects.filter(pk=deliberation_id, community=community).select_related(
        "community", "category", "event", "topic", "topic__board", "action_item"
    )
    if not is_editor(user, community):
        found = found.filter(_shown_q(user))
    return found.first()
