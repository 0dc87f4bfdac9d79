"""What may change in an election once people have voted (选举设置的锁定)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from polls.models import Election, ElectionResult, VoterRollEntry

__all__ = ["LOCKED_AFTER_VOTING", "ElectionLocked", "check_editable", "lock_for_edit"]

# Changing any of these after someone voted would change what their ballot means.
LOCKED_AFTER_VOTING = ("community", "seats", "opens_at")


class ElectionLocked(ValidationError):
    """A change refused because people have voted already."""


def check_editable(
    election: Election, changed_fields: set[str], *, candidates_changed: bool
) -> None:
    """Refuse (``ElectionLocked``, by field) changes to the community, seats, opening time or
    candidates once anyone voted, and any change to voting after the result is published."""
    if election.pk is None:
        return
    errors: dict[str, list[str]] = {}
    if ElectionResult.objects.filter(election_id=election.pk).exists():
        for name in changed_fields & {*LOCKED_AFTER_VOTING, "closes_at", "is_published"}:
            errors[name] = [_("The result is published: this can no longer change.")]
        if candidates_changed:
            errors["__all__"] = [_("The result is published: the candidates can no longer change.")]
    elif VoterRollEntry.objects.filter(election_id=election.pk).exists():
        for name in changed_fields & set(LOCKED_AFTER_VOTING):
            errors[name] = [_("People have voted already: this can no longer change.")]
        if candidates_changed:
            errors["__all__"] = [
                _("People have voted already: the candidates can no longer change.")
            ]
    if errors:
        raise ElectionLocked(errors)


@contextmanager
def lock_for_edit(election: Election) -> Iterator[Election]:
    """A transaction holding the election row FOR UPDATE: a vote being written finishes
    first, and no new vote starts, until the change is saved (check again inside)."""
    with transaction.atomic():
        yield Election.objects.select_for_update().get(pk=election.pk)
