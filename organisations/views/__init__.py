"""The public pages of social organisations: the directory, an organisation's page, its
disclosures and their attachments, the transparency formula and residents' questions."""

from .directory import directory, transparency
from .disclosures import attachment, disclosure_detail
from .organisation import organisation_detail
from .questions import ask

__all__ = [
    "ask",
    "attachment",
    "directory",
    "disclosure_detail",
    "organisation_detail",
    "transparency",
]
