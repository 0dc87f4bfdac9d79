"""Residency verification (居民认证): requests, editors' decisions, and who is a verified resident.

A user is a verified resident of at most one community at a time. Each operation locks the
user's row first, so two approvals for one user (two editors, or an editor and a census
import) run one after the other and the second ends the first; the partial unique constraint
on ``Residency`` holds the rule even if something bypasses this module.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import CensusEntry, Residency, ResidencyStatus, User
from communities.models import Community, Grid
from communities.scope import editable_communities
from notifications.services import notify

from .census import user_census_hash

APPROVE_ACTION = "jiayuan.residency_approve"
REJECT_ACTION = "jiayuan.residency_reject"
WITHDRAW_ACTION = "jiayuan.residency_withdraw"
REASON_MAX_LENGTH = 500
BUILDING_MAX_LENGTH = Residency._meta.get_field("building").max_length
UNIT_MAX_LENGTH = Residency._meta.get_field("unit").max_length


def live_communities():
    """Communities a resident can see: provisioned, with their site's home page live."""
    return Community.objects.filter(site__isnull=False, site__root_page__live=True)


def _clean_place(building: str, unit: str) -> tuple[str, str]:
    """Building and unit trimmed, inner runs of spaces collapsed, lengths checked."""
    building = " ".join((building or "").split())
    unit = " ".join((unit or "").split())
    errors: dict[str, str] = {}
    for field, value, limit, label in (
        ("building", building, BUILDING_MAX_LENGTH, _("building")),
        ("unit", unit, UNIT_MAX_LENGTH, _("unit / room")),
    ):
        if not value:
            errors[field] = _("Enter your %(field)s.") % {"field": label}
        elif len(value) > limit:
            errors[field] = _("The %(field)s can be at most %(limit)s characters.") % {
                "field": label,
                "limit": limit,
            }
    if errors:
        raise ValidationError(errors)
    return building, unit


def _check_participant(user: User | AnonymousUser) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to ask to be verified as a resident."))
    if not user.is_active or user.deleted_at is not None:
        raise PermissionDenied(_("This account cannot ask to be verified as a resident."))


def _lock_user(user_id: int) -> None:
    # Serialises everything that changes one user's residencies (see the module docstring).
    User.objects.select_for_update().filter(pk=user_id).values_list("pk").first()


def request_residency(
    user: User, community: Community, *, building: str, unit: str, grid: Grid | None = None
) -> Residency:
    """Ask to be a verified resident (申请居民认证) of ``community``, living at building/unit.

    Refused (ValidationError, with the field where one applies) for a community the user
    cannot see, a grid of another community, an empty or over-long building or unit, and when
    the user is already verified there or already waiting there. Approved at once when the
    user's verified phone is on the community's census list.
    """
    _check_participant(user)
    if not live_communities().filter(pk=community.pk).exists():
        raise ValidationError({"community": _("We could not find that community.")})
    building, unit = _clean_place(building, unit)
    if grid is not None and grid.community_id != community.pk:
        raise ValidationError(
            {"grid": _("This grid is not in %(community)s.") % {"community": community.name}}
        )
    with transaction.atomic():
        _lock_user(user.pk)
        existing = set(
            Residency.objects.filter(
                user=user,
                community=community,
                status__in=[ResidencyStatus.APPROVED, ResidencyStatus.PENDING],
            ).values_list("status", flat=True)
        )
        if ResidencyStatus.APPROVED in existing:
            raise ValidationError(
                _("You are already a verified resident of %(community)s.")
                % {"community": community.name},
                code="already_verified",
            )
        if ResidencyStatus.PENDING in existing:
            raise ValidationError(
                _(
                    "You have already asked to join %(community)s: your request is waiting for "
                    "its editors."
                )
                % {"community": community.name},
                code="already_pending",
            )
        try:
            with transaction.atomic():
                residency = Residency.objects.create(
                    user=user, community=community, building=building, unit=unit, grid=grid
                )
        except IntegrityError as exc:  # a concurrent request that the lock did not serialise
            raise ValidationError(
                _("You have already asked to join %(community)s.") % {"community": community.name},
                code="already_pending",
            ) from exc
        phone_hash = user_census_hash(user)
        if (
            phone_hash
            and CensusEntry.objects.filter(community=community, phone_hash=phone_hash).exists()
        ):
            approve_by_census(residency, decided_by=None)
    return residency


def approve_by_census(residency: Residency, *, decided_by: User | None) -> int:
    """Approve a pending request whose user's phone is on the census list (caller holds a
    transaction). ``decided_by`` is the editor who imported the list, or None at request time.
    Returns 1 if it was approved, 0 if it was no longer pending."""
    _lock_user(residency.user_id)
    locked = _locked(residency.pk)
    if locked.status != ResidencyStatus.PENDING:
        return 0
    _approve(
        locked,
        by=decided_by,
        reason=_("Your phone number is on %(community)s's census list.")
        % {"community": locked.community.name},
        census=True,
    )
    residency.refresh_from_db()
    return 1


def _locked(pk: int) -> Residency:
    return Residency.objects.select_for_update().select_related("community", "user").get(pk=pk)


def _decide(editor: User, residency: Residency) -> Residency:
    """The request, locked (with its user), if ``editor`` may decide it and it is pending."""
    if not editable_communities(editor).filter(pk=residency.community_id).exists():
        raise PermissionDenied(_("You do not edit this community."))
    _lock_user(residency.user_id)
    locked = _locked(residency.pk)
    if locked.status != ResidencyStatus.PENDING:
        raise ValidationError(
            _("This request has already been decided: %(status)s.")
            % {"status": locked.get_status_display()},
            code="decided",
        )
    return locked


def _approve(residency: Residency, *, by: User | None, reason: str, census: bool) -> None:
    now = timezone.now()
    # Moving is a new request: approving it ends the residency the user had elsewhere.
    ended = list(
        Residency.objects.filter(user_id=residency.user_id, status=ResidencyStatus.APPROVED)
        .exclude(pk=residency.pk)
        .values_list("pk", flat=True)
    )
    if ended:
        Residency.objects.filter(pk__in=ended).update(status=ResidencyStatus.ENDED, ended_at=now)
    residency.status = ResidencyStatus.APPROVED
    residency.decided_by = by
    residency.decided_at = now
    residency.decision_reason = reason
    residency.approved_by_census = census
    residency.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_reason",
            "approved_by_census",
        ]
    )
    log(
        instance=residency,
        action=APPROVE_ACTION,
        user=by,
        title=str(residency.community),
        data={"community": residency.community_id, "census": census, "ended": ended},
    )
    notify(
        residency.user,
        kind="residency",
        title=_("You are now a verified resident of %(community)s")
        % {"community": residency.community.name},
        body=reason,
        url=reverse("residency_status"),
    )


def approve_residency(editor: User, residency: Residency, reason: str = "") -> Residency:
    """An editor approves a pending request (批准居民认证); any other residency of the user ends."""
    reason = (reason or "").strip()[:REASON_MAX_LENGTH]
    with transaction.atomic():
        locked = _decide(editor, residency)
        _approve(locked, by=editor, reason=reason, census=False)
    return locked


def reject_residency(editor: User, residency: Residency, reason: str) -> Residency:
    """An editor turns a pending request down (驳回), with a reason the resident sees."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the resident a reason: they will see it.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("The reason can be at most %(limit)s characters.")
                % {"limit": REASON_MAX_LENGTH}
            }
        )
    with transaction.atomic():
        locked = _decide(editor, residency)
        locked.status = ResidencyStatus.REJECTED
        locked.decided_by = editor
        locked.decided_at = timezone.now()
        locked.decision_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        log(
            instance=locked,
            action=REJECT_ACTION,
            user=editor,
            title=str(locked.community),
            data={"community": locked.community_id},
        )
        notify(
            locked.user,
            kind="residency",
            title=_("Your request to join %(community)s was not approved")
            % {"community": locked.community.name},
            body=reason,
            url=reverse("residency_status"),
        )
    return locked


def withdraw_residency(user: User, residency: Residency) -> Residency:
    """The resident takes back their own pending request (撤回申请)."""
    if residency.user_id != user.pk:
        raise PermissionDenied(_("This is not your request."))
    with transaction.atomic():
        _lock_user(user.pk)
        locked = _locked(residency.pk)
        if locked.status != ResidencyStatus.PENDING:
            raise ValidationError(
                _("Only a request that is still waiting can be withdrawn."), code="decided"
            )
        locked.status = ResidencyStatus.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        # In the community's history too: editors see why a request left their queue.
        log(
            instance=locked,
            action=WITHDRAW_ACTION,
            user=user,
            title=str(locked.community),
            data={"community": locked.community_id},
        )
    return locked


def verified_community(user: User | AnonymousUser) -> Community | None:
    """The one community the user is a verified resident of, if any."""
    if not user.is_authenticated:
        return None
    return Community.objects.filter(
        residencies__user=user, residencies__status=ResidencyStatus.APPROVED
    ).first()


def is_verified_resident(user: User | AnonymousUser, community: Community) -> bool:
    """Whether the user is a verified resident (认证居民) of ``community`` (one query)."""
    if not user.is_authenticated or community is None:
        return False
    return Residency.objects.filter(
        user_id=user.pk, community_id=community.pk, status=ResidencyStatus.APPROVED
    ).exists()


def verified_resident_ids(community: Community, user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` are verified residents of ``community``: one query for a list."""
    ids = {pk for pk in user_ids if pk is not None}
    if community is None or not ids:
        return set()
    return set(
        Residency.objects.filter(
            community_id=community.pk, status=ResidencyStatus.APPROVED, user_id__in=ids
        ).values_list("user_id", flat=True)
    )
