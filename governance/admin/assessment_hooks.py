"""Wiring of the assessment report (考核): its admin URLs and its entry in the Reports menu.

Loaded by one import line at the end of ``governance/wagtail_hooks.py``.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import assessment


class AssessmentMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return assessment.may_see_assessment(request.user)


@hooks.register("register_admin_urls")
def register_assessment_urls():
    return [
        path(
            "governance/assessment/",
            include((assessment.urlpatterns, assessment.URL_NAMESPACE)),
        )
    ]


@hooks.register("register_reports_menu_item")
def register_assessment_menu_item():
    return AssessmentMenuItem(
        _("Assessment"),
        reverse(f"{assessment.URL_NAMESPACE}:index"),
        name="governance-assessment",
        icon_name="table",
        order=1300,
    )
