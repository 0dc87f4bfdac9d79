"""Test and demo factories for social organisations, required disclosures and disclosures.

``OrganisationFactory`` makes valid unified social credit codes (the check character is
computed); ``published_disclosure`` makes a published version directly, at a given moment,
for tests of deadlines and the transparency index (the real workflow is tested on its own).
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import factory
from django.utils import timezone
from stdnum.cn import uscc

from organisations.models import (
    Disclosure,
    DisclosureKind,
    DisclosureRequirement,
    DisclosureStatus,
    Organisation,
    OrganisationType,
)

__all__ = [
    "DisclosureFactory",
    "DisclosureRequirementFactory",
    "OrganisationFactory",
    "credit_code",
    "published_disclosure",
]


def credit_code(n: int) -> str:
    """A valid unified social credit code (统一社会信用代码) of a Shenzhen social organisation:
    5 (civil affairs) 1 (social group), 440300, an organisation code ending in ``n``, and the
    check character."""
    body = f"51440300MJL{n % 1_000_000:06d}"
    return body + uscc.calc_check_digit(body)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("credit_code",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试社会组织{n}")
    credit_code = factory.Sequence(credit_code)
    organisation_type = OrganisationType.COMMUNITY
    registration_authority = "深圳市南山区民政局"
    founded_on = date(2018, 3, 1)
    office_address = "深圳市南山区社区服务中心 2 楼"

    @factory.post_generation
    def communities(self, create, extracted, **kwargs):
        if create and extracted:
            self.communities.set(extracted)


class DisclosureRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisclosureRequirement

    name = "年度工作报告"
    name_en = "Annual work report"
    kind = DisclosureKind.FINANCIAL
    due_month = 5
    due_day = 31
    first_year = 2024
    is_active = True


class DisclosureFactory(factory.django.DjangoModelFactory):
    """A draft financial disclosure with its required figures filled in."""

    class Meta:
        model = Disclosure

    organisation = factory.SubFactory(OrganisationFactory)
    kind = DisclosureKind.FINANCIAL
    year = 2025
    title = factory.LazyAttribute(lambda o: f"{o.year}年度财务报告")
    body = "本年度收支情况如下。"
    status = DisclosureStatus.DRAFT
    total_income = Decimal("120000.00")
    total_expenditure = Decimal("98000.00")
    net_assets = Decimal("45000.00")


def _aware(moment: date | datetime) -> datetime:
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(10, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def published_disclosure(
    organisation: Organisation,
    requirement: DisclosureRequirement | None,
    year: int,
    published_at: date | datetime,
    **fields,
) -> Disclosure:
    """A disclosure of ``organisation`` for ``year`` fulfilling ``requirement`` (of its kind),
    published at ``published_at`` (a day means 10:00 local time that day)."""
    kind = requirement.kind if requirement is not None else fields.pop("kind", "financial")
    values = {"kind": kind, "status": DisclosureStatus.PUBLISHED}
    if kind != DisclosureKind.FINANCIAL:
        values.update(total_income=None, total_expenditure=None, net_assets=None)
    values.update(fields)
    return DisclosureFactory(
        organisation=organisation,
        requirement=requirement,
        year=year,
        published_at=_aware(published_at),
        submitted_at=_aware(published_at),
        **values,
    )
