from .consent import PrivacyConsent
from .residency import CensusEntry, Residency, ResidencyStatus
from .roles import Role, RoleGrant, SupervisionLevel
from .sms import SmsMessage
from .user import User

__all__ = [
    "CensusEntry",
    "PrivacyConsent",
    "Residency",
    "ResidencyStatus",
    "Role",
    "RoleGrant",
    "SmsMessage",
    "SupervisionLevel",
    "User",
]
