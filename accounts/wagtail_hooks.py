"""Admin wiring of the accounts app: residency requests, census import, their log actions."""

from django.core.exceptions import FieldDoesNotExist
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from accounts.admin import people as people_admin
from accounts.admin.residency import ResidencyPermissionPolicy, ResidencyViewSet
from accounts.admin.roles import ROLE_GRANT_POLICY, RoleGrantViewSet
from accounts.models import Residency, RoleGrant, User
from accounts.privacy.reveal import PI_REVEAL_ACTION
from accounts.services.census import CENSUS_IMPORT_ACTION
from accounts.services.privacy import ACCOUNT_DELETE_ACTION, DATA_EXPORT_ACTION
from accounts.services.residency import APPROVE_ACTION, REJECT_ACTION, WITHDRAW_ACTION
from accounts.services.roles import ROLE_GRANT_ACTION, ROLE_REVOKE_ACTION

# Residency: before anything asks for the policy (Wagtail would make a fallback one).
register_permission_policy(Residency, ResidencyPermissionPolicy(Residency), exact_class=True)


@hooks.register("register_admin_viewset")
def register_residency_viewset():
    return ResidencyViewSet()


@hooks.register("register_log_actions")
def register_residency_log_actions(actions):
    @actions.register_action(APPROVE_ACTION)
    class ResidencyApproveFormatter(LogFormatter):
        label = _("Approve residency")

        def format_message(self, log_entry) -> str:
            if (log_entry.data or {}).get("census"):
                return _("Approved a residency request: the phone is on the census list")
            return _("Approved a residency request")

    @actions.register_action(REJECT_ACTION)
    class ResidencyRejectFormatter(LogFormatter):
        label = _("Reject residency")

        def format_message(self, log_entry) -> str:
            return _("Rejected a residency request")

    @actions.register_action(WITHDRAW_ACTION)
    class ResidencyWithdrawFormatter(LogFormatter):
        label = _("Withdraw residency request")

        def format_message(self, log_entry) -> str:
            return _("Withdrew their residency request")

    @actions.register_action(CENSUS_IMPORT_ACTION)
    class CensusImportFormatter(LogFormatter):
        label = _("Import census list")

        def format_message(self, log_entry) -> str:
            data = log_entry.data or {}
            return _(
                "Imported a census list of %(rows)s rows (replacing %(replaced)s); "
                "%(approved)s requests approved"
            ) % {
                "rows": data.get("rows", 0),
                "replaced": data.get("replaced", 0),
                "approved": data.get("approved", 0),
            }


# --- Staff roles, the People page and personal-information audit (helper C) ----------------

register_permission_policy(RoleGrant, ROLE_GRANT_POLICY, exact_class=True)


@hooks.register("register_admin_viewset")
def register_role_grant_viewset():
    return RoleGrantViewSet()


@hooks.register("register_admin_urls")
def register_people_urls():
    return [path("people/", include(people_admin.urlpatterns))]


class PeopleMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return people_admin.may_look_people_up(request.user)


@hooks.register("register_admin_menu_item")
def register_people_menu_item():
    return PeopleMenuItem(_("People"), reverse("jiayuan_people:index"), icon_name="user", order=260)


def _field_label(name: str) -> str:
    try:
        return str(User._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field renamed since the entry was written
        return name


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    @actions.register_action(ROLE_GRANT_ACTION)
    class RoleGrantFormatter(LogFormatter):
        label = _("Grant staff role")

        def format_message(self, log_entry) -> str:
            return _("Granted the staff role “%(role)s”") % {"role": log_entry.label}

    @actions.register_action(ROLE_REVOKE_ACTION)
    class RoleRevokeFormatter(LogFormatter):
        label = _("Revoke staff role")

        def format_message(self, log_entry) -> str:
            return _("Revoked the staff role “%(role)s”") % {"role": log_entry.label}

    @actions.register_action(PI_REVEAL_ACTION)
    class PersonalInformationRevealFormatter(LogFormatter):
        label = _("Show personal information")

        def format_message(self, log_entry) -> str:
            field = (log_entry.data or {}).get("field", "")
            return _("Showed the %(field)s of user %(id)s in clear") % {
                "field": _field_label(field),
                "id": log_entry.object_id,
            }

    @actions.register_action(DATA_EXPORT_ACTION)
    class DataExportFormatter(LogFormatter):
        label = _("Download personal data")

        def format_message(self, log_entry) -> str:
            return _("Downloaded all their data")

    @actions.register_action(ACCOUNT_DELETE_ACTION)
    class AccountDeleteFormatter(LogFormatter):
        label = _("Delete account")

        def format_message(self, log_entry) -> str:
            return _("Deleted their account; personal information erased")
