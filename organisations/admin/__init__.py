"""The organisations' admin screens (社会组织后台): the registry, the staff's disclosures and
questions, civil affairs' review, required disclosures and supervision report. Registered in
``organisations/wagtail_hooks.py``."""

__all__ = [
    "disclosures",
    "display",
    "files",
    "forms",
    "manage",
    "policies",
    "questions",
    "registry",
    "requirements",
    "review",
    "supervision",
]
