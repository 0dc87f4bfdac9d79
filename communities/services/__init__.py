"""Domain operations of the tenancy app. State changes happen here, never in views or signals."""

from .csv_import import CsvInvalid, CsvRowError, decode, parse_community_csv
from .divisions import load_divisions
from .provisioning import (
    CommunitySpec,
    ProvisioningError,
    ProvisionReport,
    provision_communities,
    provision_community,
)

__all__ = [
    "CommunitySpec",
    "CsvInvalid",
    "CsvRowError",
    "ProvisionReport",
    "ProvisioningError",
    "decode",
    "load_divisions",
    "parse_community_csv",
    "provision_communities",
    "provision_community",
]
