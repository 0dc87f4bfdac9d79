"""Flagging overdue required disclosures (逾期提醒): once per organisation, requirement and
year, the organisation's staff and every civil-affairs reviewer are told."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from organisations.models import Organisation, OverdueFlag

from .notices import KIND_OVERDUE, OVERDUE_ACTION, admin_url, reviewers, staff_of, tell
from .obligations import Obligation, overdue_across_city

__all__ = ["flag_overdue"]


def _tell(organisation: Organisation, obligation: Obligation, today: date) -> None:
    params = {
        "organisation": organisation.name,
        "requirement": obligation.requirement.name,
        "year": obligation.year,
        "due": obligation.due.isoformat(),
        "days": obligation.days_overdue(today),
    }
    tell(
        staff_of(organisation.pk),
        KIND_OVERDUE,
        _("Overdue: %(requirement)s for %(year)s") % params,
        _(
            "It was due on %(due)s. Publish it as soon as you can: civil affairs is told too, "
            "and the transparency index counts it as missing until then."
        )
        % params,
        url=admin_url("organisations_disclosures:index"),
    )
    tell(
        reviewers(),
        KIND_OVERDUE,
        _("Overdue: %(organisation)s, %(requirement)s for %(year)s") % params,
        _("It was due on %(due)s (%(days)s days ago).") % params,
        url=admin_url("organisations_supervision:index"),
    )


def flag_overdue(today: date | None = None) -> int:
    """Flag every overdue required disclosure not flagged before and tell those concerned;
    returns how many were flagged now."""
    today = today or timezone.localdate()
    flagged = 0
    already = set(OverdueFlag.objects.values_list("organisation_id", "requirement_id", "year"))
    for organisation, obligation in overdue_across_city(today):
        key = (organisation.pk, obligation.requirement.pk, obligation.year)
        if key in already:
            continue
        try:
            with transaction.atomic():
                _flag, created = OverdueFlag.objects.get_or_create(
                    organisation=organisation,
                    requirement=obligation.requirement,
                    year=obligation.year,
                )
                if not created:
                    continue
                log(
                    instance=organisation,
                    action=OVERDUE_ACTION,
                    data={
                        "requirement": obligation.requirement.name,
                        "year": obligation.year,
                        "due": obligation.due.isoformat(),
                    },
                )
                _tell(organisation, obligation, today)
        except IntegrityError:  # flagged by a concurrent run in the meantime
            continue
        flagged += 1
    return flagged
