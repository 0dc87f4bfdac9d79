"""The work network in the admin: the taxonomy and calendar (Settings), the workbench (its own
menu) and the assessment report (Reports)."""

from wagtail import hooks

from .admin import (
    assessment_hooks,  # noqa: F401  (registers its hooks)
    workbench_hooks,  # noqa: F401  (registers its hooks)
)
from .admin.taxonomy import taxonomy_viewsets


@hooks.register("register_admin_viewset")
def register_taxonomy_viewsets():
    return taxonomy_viewsets()
