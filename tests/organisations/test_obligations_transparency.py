"""Required disclosures: when each is due, on time, late or overdue (across the year end),
the overdue flags, and the transparency index as disclosures are published late or not."""

from datetime import date

import pytest

from notifications.models import Notification
from organisations.factories import (
    DisclosureRequirementFactory,
    OrganisationFactory,
    published_disclosure,
)
from organisations.models import OverdueFlag
from organisations.services.obligations import due_date, obligations, overdue_across_city
from organisations.services.overdue import flag_overdue
from organisations.services.transparency import FORMULA, refresh_index, score
from organisations.tasks import flag_overdue_disclosures_task


def states(organisation, today):
    return {o.year: o.state for o in obligations(organisation, today)}


def test_the_report_of_a_year_is_not_due_until_after_the_next_may(org_a, annual_report):
    # 2026 has ended on the last day of the year, but its report is due on 31 May 2027.
    assert states(org_a, date(2026, 12, 31)) == {2024: "overdue", 2025: "overdue", 2026: "not_due"}
    assert states(org_a, date(2027, 5, 31)) == {
        2024: "overdue", 2025: "overdue", 2026: "not_due",
    }  # fmt: skip
    assert states(org_a, date(2027, 6, 1)) == {
        2024: "overdue", 2025: "overdue", 2026: "overdue", 2027: "not_due",
    }  # fmt: skip
    # Before the first report is due, only that one is listed.
    assert states(org_a, date(2025, 1, 2)) == {2024: "not_due"}


def test_published_on_the_due_day_is_on_time_and_after_it_late(org_a, annual_report):
    published_disclosure(org_a, annual_report, 2024, date(2025, 5, 31))
    published_disclosure(org_a, annual_report, 2025, date(2026, 7, 1))
    found = {o.year: o for o in obligations(org_a, date(2027, 1, 10))}
    assert found[2024].state == "on_time" and found[2024].days_late == 0
    assert found[2025].state == "late" and found[2025].days_late == 31
    assert found[2025].published_on == date(2026, 7, 1)
    assert found[2026].state == "not_due" and found[2026].disclosure is None


def test_a_later_founded_organisation_owes_from_its_founding_year(annual_report):
    young = OrganisationFactory(founded_on=date(2026, 3, 1))
    assert states(young, date(2027, 6, 1)) == {2026: "overdue", 2027: "not_due"}


def test_a_29_february_deadline_is_the_28th_in_a_common_year(db):
    leap = DisclosureRequirementFactory(due_month=2, due_day=29)
    assert due_date(leap, 2027) == date(2028, 2, 29)
    assert due_date(leap, 2025) == date(2026, 2, 28)


def test_inactive_requirements_and_organisations_owe_nothing(org_a, annual_report):
    annual_report.is_active = False
    annual_report.save()
    assert obligations(org_a, date(2027, 6, 1)) == []
    annual_report.is_active = True
    annual_report.save()
    org_a.is_active = False
    org_a.save()
    assert overdue_across_city(date(2027, 6, 1)) == []


def test_the_index_follows_publication_late_or_not_at_all(org_a, annual_report):
    annual_report.first_year = 2025
    annual_report.save()
    today = date(2026, 12, 1)
    assert score(org_a, date(2026, 5, 1)).index is None  # nothing due yet

    missing = score(org_a, today)
    assert (missing.index, missing.completeness, missing.timeliness) == (0, 0, 0)

    late = published_disclosure(org_a, annual_report, 2025, date(2026, 7, 15))  # 45 days late
    scored = score(org_a, today)
    assert (scored.index, scored.completeness, scored.timeliness) == (90, 100, 80)

    late.published_at = late.published_at.replace(month=5, day=30)
    late.save()
    on_time = score(org_a, today)
    assert (on_time.index, on_time.completeness, on_time.timeliness) == (100, 100, 100)

    # A year later the 2026 report is missing: half complete, half timely.
    next_year = score(org_a, date(2027, 6, 2))
    assert (next_year.index, next_year.completeness, next_year.timeliness) == (50, 50, 50)
    assert refresh_index(org_a, date(2027, 6, 2)) == 50
    org_a.refresh_from_db()
    assert (org_a.transparency_index, org_a.transparency_computed_on) == (50, date(2027, 6, 2))


def test_very_late_scores_no_timeliness_and_only_three_years_count(org_a, annual_report):
    annual_report.first_year = 2020
    annual_report.save()
    published_disclosure(org_a, annual_report, 2023, date(2025, 6, 1))  # a year late: 0
    for year in (2020, 2021, 2022):  # outside the last 3 years due
        published_disclosure(org_a, annual_report, year, date(year + 1, 1, 10))
    scored = score(org_a, date(2026, 1, 1))
    assert [o.year for o in scored.counted] == [2024, 2023, 2022]
    assert (scored.completeness, scored.timeliness) == (67, 33)  # 2024 missing
    assert scored.index == 50
    assert len(FORMULA) >= 3 and all(str(text) for text in FORMULA)


def test_overdue_ones_are_flagged_once_to_the_staff_and_civil_affairs(
    org_a, staff_a, reviewer, annual_report
):
    annual_report.first_year = 2025
    annual_report.save()
    published_disclosure(org_b := OrganisationFactory(), annual_report, 2025, date(2026, 5, 1))
    assert flag_overdue(date(2026, 5, 31)) == 0  # due today: not overdue yet
    assert flag_overdue(date(2026, 6, 1)) == 1
    assert OverdueFlag.objects.filter(organisation=org_a, year=2025).count() == 1
    assert not OverdueFlag.objects.filter(organisation=org_b).exists()
    assert Notification.objects.filter(user=staff_a, kind="disclosure_overdue").count() == 1
    assert Notification.objects.filter(user=reviewer, kind="disclosure_overdue").count() == 1
    assert flag_overdue(date(2026, 6, 2)) == 0  # told once, not every night
    assert Notification.objects.filter(kind="disclosure_overdue").count() == 2


@pytest.mark.django_db
def test_the_nightly_task_flags_and_refreshes_every_index(org_a, annual_report):
    result = flag_overdue_disclosures_task.enqueue()
    assert result.return_value["flagged"] >= 1  # the 2024 report is overdue by now
    org_a.refresh_from_db()
    assert org_a.transparency_index == 0 and org_a.transparency_computed_on is not None
