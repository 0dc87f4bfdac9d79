"""The admin's "Staff roles" screen (角色管理): city administrators grant and revoke roles.

The list and forms are Wagtail's; every change goes through ``grant_role``/``revoke_role``,
never a bare model save, so groups, ``is_staff`` and the audit log stay in step.
"""

from functools import wraps

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.models import Role, RoleGrant, SupervisionLevel, User
from accounts.phone import normalise_phone
from accounts.privacy.masking import mask_phone
from accounts.services.roles import grant_role, is_city_admin, revoke_role
from communities.models import Community, District, Grid, Subdistrict
from governance.models import Department
from organisations.models import Organisation

SCOPE_FIELDS = (
    "community", "organisation", "department", "level", "subdistrict", "district", "grid",
)  # fmt: skip


class RoleGrantPolicy(BasePermissionPolicy):
    """City administrators list, grant and revoke; nobody edits a grant (revoke, grant anew)."""

    actions = frozenset({"add", "view", "delete"})

    def user_has_permission(self, user, action: str) -> bool:
        return action in self.actions and is_city_admin(user)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(role_grants__role=Role.CITY_ADMIN))
            .filter(is_active=True)
            .distinct()
        )


ROLE_GRANT_POLICY = RoleGrantPolicy(RoleGrant)


def person_label(user: User | None) -> str:
    """Public name and masked phone: enough to tell people apart, nothing to call them on."""
    if user is None:
        return ""
    phone = mask_phone(user.phone or "")
    return f"{user.public_name} · {phone}" if phone else user.public_name


def answer_403(view):
    """Answer a refusal with a 403 rather than Wagtail's redirect to the dashboard.

    These screens guard roles and personal information: a refusal must be unambiguous to the
    person and to monitoring, and must not look like a successful request.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return permission_denied(request, exc)

    return wrapped


class RefuseWith403Mixin:
    """``answer_403`` for a Wagtail generic view (its permission check is in ``dispatch``)."""

    def dispatch(self, request, *args, **kwargs):
        return answer_403(super().dispatch)(request, *args, **kwargs)


class GrantRoleForm(forms.Form):
    person = forms.CharField(
        label=_("Person"),
        max_length=150,
        help_text=_("Their username or their mobile phone number."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Community.objects.with_hierarchy(),
        required=False,
        help_text=_("For community editors and moderators."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Social organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("For social-organisation staff."),
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_(
            "For governance handlers: with a community, subdistrict or district for a local unit."
        ),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", "---------"), *SupervisionLevel.choices],
        required=False,
        help_text=_(
            "For supervisors and dispatchers: then the community, subdistrict or district of "
            "that level; none for the city."
        ),
    )
    subdistrict = forms.ModelChoiceField(
        label=_("Subdistrict"),
        queryset=Subdistrict.objects.select_related("district"),
        required=False,
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.all(), required=False
    )
    # A text field: the reference city has some 15,000 grids, too many for a list.
    grid = forms.CharField(
        label=_("Grid code"),
        max_length=24,
        required=False,
        help_text=_("For grid workers: the code of their grid."),
    )

    def clean_grid(self) -> Grid | None:
        code = self.cleaned_data["grid"].strip()
        if not code:
            return None
        grid = Grid.objects.select_related("community").filter(code=code).first()
        if grid is None:
            raise ValidationError(_("No grid has this code."))
        return grid

    def clean_person(self) -> User:
        text = self.cleaned_data["person"].strip()
        user = User.objects.filter(username=text).first()
        if user is None:
            try:
                user = User.objects.filter(phone=normalise_phone(text)).first()
            except ValidationError:
                user = None
        if user is None:
            raise ValidationError(_("No account has this username or phone number."))
        if not user.is_active:
            raise ValidationError(_("This account is deleted or disabled."))
        return user


class GrantRoleView(RefuseWith403Mixin, generic.CreateView):
    page_title = _("Grant a staff role")
    submit_button_label = _("Grant")
    submit_button_active_label = _("Granting…")

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)  # a plain form: the service, not the form, saves
        return kwargs

    def form_valid(self, form: GrantRoleForm):
        self.form = form
        data = form.cleaned_data
        try:
            self.object = grant_role(
                self.request.user,
                data["person"],
                data["role"],
                **{name: data[name] for name in SCOPE_FIELDS},
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = "person" if field == "user" else field
                for message in messages:
                    form.add_error(target if target in form.fields else None, message)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        return self.save_action()

    def get_success_message(self, instance: RoleGrant) -> str:
        return gettext("%(person)s is now %(role)s (%(scope)s).") % {
            "person": instance.user.public_name,
            "role": instance.get_role_display(),
            "scope": instance.scope_label,
        }


class RevokeRoleView(RefuseWith403Mixin, generic.DeleteView):
    page_title = _("Revoke staff role")
    success_message = _("%(model_name)s '%(object)s' revoked.")

    @property
    def confirmation_message(self) -> str:
        return gettext(
            "Revoke this role from %(person)s? The rights it gave are removed at once."
        ) % {"person": person_label(self.object.user)}

    def delete_action(self) -> None:
        revoke_role(self.request.user, self.object)


class RoleGrantIndexView(RefuseWith403Mixin, generic.IndexView):
    @property
    def columns(self):
        title = self._get_title_column_class(TitleColumn)(
            "user", label=_("Person"), accessor=lambda g: person_label(g.user)
        )
        return [
            title,
            Column("role", label=_("Role"), accessor="get_role_display", sort_key="role"),
            Column("scope", label=_("Scope"), accessor="scope_label"),
            Column(
                "granted_by", label=_("Granted by"), accessor=lambda g: person_label(g.granted_by)
            ),
            DateColumn("granted_at", label=_("Granted at"), sort_key="granted_at"),
        ]


class RefusedEditView(RefuseWith403Mixin, generic.EditView):
    """Built by ModelViewSet, refused to everyone by the policy: grants are revoked, not edited."""


class RoleGrantViewSet(ModelViewSet):
    model = RoleGrant
    name = "staff_roles"
    icon = "group"
    menu_label = _("Staff roles")
    add_to_settings_menu = True
    menu_order = 310
    index_view_class = RoleGrantIndexView
    add_view_class = GrantRoleView
    edit_view_class = RefusedEditView
    delete_view_class = RevokeRoleView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_filter = ["role"]
    search_fields = ["user__username", "user__display_name"]
    search_backend_name = None  # plain ORM lookups on the user's names

    def get_form_class(self, for_update: bool = False):
        # The edit view exists (ModelViewSet builds it) but the policy refuses it to everyone.
        return GrantRoleForm

    def get_index_view_kwargs(self, **kwargs):
        queryset = RoleGrant.objects.select_related(
            "user", "granted_by", "community", "organisation", "department", "subdistrict",
            "district",
        )  # fmt: skip
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)
