from .disclosures import (
    Disclosure,
    DisclosureAttachment,
    DisclosureKind,
    DisclosureRequirement,
    DisclosureStatus,
    OverdueFlag,
)
from .questions import OrganisationQuestion
from .registry import Organisation, OrganisationType, validate_credit_code

__all__ = [
    "Disclosure",
    "DisclosureAttachment",
    "DisclosureKind",
    "DisclosureRequirement",
    "DisclosureStatus",
    "Organisation",
    "OrganisationQuestion",
    "OrganisationType",
    "OverdueFlag",
    "validate_credit_code",
]
