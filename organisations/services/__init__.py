"""The domain operations of social organisations (社会组织): who may act (``access``), the
registry, disclosures and their review, required disclosures (``obligations``), overdue
flags and the transparency index. Import from the modules: ``organisations.services.x``."""

__all__ = [
    "access",
    "attachments",
    "disclosures",
    "notices",
    "obligations",
    "overdue",
    "registry",
    "transparency",
]
