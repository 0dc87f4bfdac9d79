"""Counting a deliberation (计票) once voting closes, and what a pass leads to: a governance
event for the responsible department (source "poll") or an action item for the community
office (待办事项), followed on the deliberation's page."""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forums.models import Topic
from governance.models import EventSource
from governance.services import report_event
from polls.models import (
    ActionItem,
    ActionStatus,
    Deliberation,
    DeliberationStatus,
    Outcome,
    OutcomeKind,
    Position,
)

from ._common import deliberation_path, record, refetch, require_editor, tell

__all__ = [
    "advance_deliberations",
    "conclude_deliberation",
    "outcome_of",
    "result_line",
    "update_action_item",
]

logger = logging.getLogger(__name__)

NOTE_MAX = 2000
EVENT_DESCRIPTION_MAX = 4000  # governance.services.reporting's limit


def outcome_of(votes_for: int, votes_against: int, votes_abstain: int, quorum: int,
               pass_threshold: int) -> str:  # fmt: skip
    """NO_QUORUM below the quorum (abstentions count towards it); PASSED when the votes for
    are MORE than ``pass_threshold`` % of for + against (an equal share is not a pass)."""
    if votes_for + votes_against + votes_abstain < quorum:
        return Outcome.NO_QUORUM
    if votes_for * 100 > pass_threshold * (votes_for + votes_against):
        return Outcome.PASSED
    return Outcome.FAILED


def result_line(d: Deliberation) -> str:
    """ "Passed: 12 for, 3 against, 1 abstaining (quorum 10, threshold 50%)."""
    return _(
        "%(outcome)s: %(for)d for, %(against)d against, %(abstain)d abstaining "
        "(quorum %(quorum)d, passes above %(threshold)d%% for)."
    ) % {
        "outcome": Outcome(d.outcome).label,
        "for": d.votes_for,
        "against": d.votes_against,
        "abstain": d.votes_abstain,
        "quorum": d.quorum,
        "threshold": d.pass_threshold,
    }


def _report(d: Deliberation, now: datetime) -> None:
    """The governance event of a passed deliberation, or, when the event cannot be reported
    (its category went out of use), an action item saying so: a pass is never lost."""
    result = result_line(d)
    room = EVENT_DESCRIPTION_MAX - len(result) - 2
    proposal = d.proposal if len(d.proposal) <= room else d.proposal[: room - 1] + "…"
    try:
        with transaction.atomic():
            d.event = report_event(
                source=EventSource.POLL,
                community=d.community,
                category=d.category,
                title=d.title,
                description=f"{proposal}\n\n{result}",
                # A resident source names its reporter: the proposer follows the event.
                reporter=d.proposed_by,
                actor=None,
                public=True,
                source_ref=f"deliberation:{d.pk}",
                now=now,
            )
    except ValidationError as error:
        logger.warning("Deliberation %s: could not report its event: %s", d.pk, error)
        _action_item(
            d, now, _("The governance event could not be reported; the community office "
                      "follows the matter up itself."),
        )  # fmt: skip


def _action_item(d: Deliberation, now: datetime, note: str = "") -> None:
    ActionItem.objects.create(
        deliberation=d, community_id=d.community_id, status=ActionStatus.OPEN,
        progress_note=note, created_at=now, updated_at=now,
    )  # fmt: skip


def conclude_deliberation(
    deliberation: Deliberation, *, now: datetime | None = None
) -> Deliberation:
    """Count the votes once voting has closed (计票) and record the outcome; a pass reports
    its governance event or opens its action item in the same transaction. The proposer and
    the voters are told. Concluding twice, or before voting closes, changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        d = refetch(deliberation)
        if d.status != DeliberationStatus.SCHEDULED or now < d.voting_closes_at:
            return d
        counts = d.votes.aggregate(
            **{position: Count("pk", filter=Q(position=position)) for position in Position.values}
        )
        d.votes_for = counts[Position.FOR]
        d.votes_against = counts[Position.AGAINST]
        d.votes_abstain = counts[Position.ABSTAIN]
        d.outcome = outcome_of(
            d.votes_for, d.votes_against, d.votes_abstain, d.quorum, d.pass_threshold
        )
        d.status, d.concluded_at = DeliberationStatus.CONCLUDED, now
        if d.outcome == Outcome.PASSED:
            if d.outcome_kind == OutcomeKind.EVENT and d.category_id is not None:
                _report(d, now)
            else:
                _action_item(d, now)
        d.save()
        if d.topic_id is not None:
            Topic.objects.filter(pk=d.topic_id).update(is_locked=True)
        record(
            d, "jiayuan.deliberation_conclude", None, outcome=d.outcome,
            votes_for=d.votes_for, votes_against=d.votes_against, votes_abstain=d.votes_abstain,
            event=d.event.reference if d.event_id else None,
        )  # fmt: skip
        voters = User.objects.filter(deliberation_votes__deliberation=d)
        tell(
            [d.proposed_by, *voters], d,
            _("“%(title)s”: %(outcome)s") % {"title": d.title, "outcome": Outcome(d.outcome).label},
            result_line(d), deliberation_path(d),
        )  # fmt: skip
    return d


def advance_deliberations(now: datetime | None = None) -> dict[str, int]:
    """The periodic step: lock the discussion of deliberations whose voting has opened, and
    conclude those whose voting has closed. Returns the counts (one failure is logged and
    counted; it does not stop the others)."""
    now = now or timezone.now()
    locked = Topic.objects.filter(
        deliberation__status=DeliberationStatus.SCHEDULED,
        deliberation__voting_opens_at__lte=now,
        is_locked=False,
    ).update(is_locked=True)
    counts = {"locked": locked, "concluded": 0, "passed": 0, "events": 0, "actions": 0, "failed": 0}
    due = Deliberation.objects.filter(
        status=DeliberationStatus.SCHEDULED, voting_closes_at__lte=now
    ).order_by("voting_closes_at", "pk")
    for deliberation in due:
        try:
            done = conclude_deliberation(deliberation, now=now)
        except Exception:  # one broken deliberation must not hold back the rest
            logger.exception("Could not conclude deliberation %s", deliberation.pk)
            counts["failed"] += 1
            continue
        if done.status != DeliberationStatus.CONCLUDED:
            continue
        counts["concluded"] += 1
        if done.outcome == Outcome.PASSED:
            counts["passed"] += 1
            counts["events" if done.event_id else "actions"] += 1
    return counts


def update_action_item(editor: User, item: ActionItem, *, status: str, note: str) -> ActionItem:
    """An editor reports the office's progress on an action item (办理进展), shown publicly
    on the deliberation's page; audited, and the proposer is told of a new status."""
    require_editor(editor, item.community)
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if status not in ActionStatus.values:
        errors["status"] = _("Choose a status.")
    if len(note) > NOTE_MAX:
        errors["progress_note"] = _("Keep the note to %(max)d characters.") % {"max": NOTE_MAX}
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        locked = ActionItem.objects.select_for_update().get(pk=item.pk)
        changed = locked.status != status
        locked.status, locked.progress_note = status, note
        locked.updated_at, locked.updated_by = now, editor
        locked.save(update_fields=["status", "progress_note", "updated_at", "updated_by"])
        d = Deliberation.objects.select_related("community", "proposed_by").get(
            pk=locked.deliberation_id
        )
        record(d, "jiayuan.deliberation_action", editor, status=status, note=note[:200])
        if changed:
            tell(
                [d.proposed_by], d,
                _("“%(title)s”: %(status)s") % {
                    "title": d.title, "status": ActionStatus(status).label
                },
                note, deliberation_path(d),
            )  # fmt: skip
    return locked
