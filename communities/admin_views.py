"""Admin screens of the tenancy app: provisioning a community, listing the hierarchy.

Views stay thin: the form parses input, ``provision_community`` does the work. Communities,
districts, subdistricts and grids are made by services (provisioning, ``load_divisions``), so
the admin never edits or deletes them; its listings are for looking things up.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Community, District, Grid, Subdistrict
from .services import CommunitySpec, ProvisioningError, provision_community
from .services.specs import (
    MAX_GRIDS_PER_COMMUNITY,
    NAME_MAX_LENGTH,
    SLUG_PATTERN,
    SUBDISTRICT_MAX_LENGTH,
)


class ServiceOwnedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, limited to the actions the admin offers for a service-owned model.

    Even a superuser cannot "change" or "delete" here: there is no service that renames or
    removes a community's site, groups and pages consistently, so the admin must not try.
    """

    def __init__(self, model, actions: set[str]):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action: str) -> bool:
        return action in self.actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action in self.actions]
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)


COMMUNITY_POLICY = ServiceOwnedPermissionPolicy(Community, {"add", "view"})
HIERARCHY_POLICIES = {
    model: ServiceOwnedPermissionPolicy(model, {"view"}) for model in (District, Subdistrict, Grid)
}


class ProvisionCommunityForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.all(), empty_label=None
    )
    subdistrict = forms.CharField(
        label=_("Subdistrict"),
        max_length=SUBDISTRICT_MAX_LENGTH,
        help_text=_("e.g. 招商街道. Created in the district if it has none of this name."),
    )
    name = forms.CharField(
        label=_("Community name"), max_length=NAME_MAX_LENGTH, help_text=_("e.g. 花果山社区")
    )
    slug = forms.CharField(
        label=_("Slug"),
        required=False,
        max_length=63,
        validators=[
            RegexValidator(
                SLUG_PATTERN, _("Use only a-z, 0-9 and hyphens inside, at most 63 characters.")
            )
        ],
        help_text=_("The site's host name is <slug>.<portal domain>. Left empty: from pinyin."),
    )
    grids = forms.IntegerField(
        label=_("Grids"), min_value=0, max_value=MAX_GRIDS_PER_COMMUNITY, initial=0
    )

    def clean_slug(self) -> str:
        return self.cleaned_data["slug"].strip().lower()

    def spec(self) -> CommunitySpec:
        data = self.cleaned_data
        return CommunitySpec(
            district=data["district"].name,
            subdistrict=data["subdistrict"],
            name=data["name"],
            slug=data["slug"],
            grids=data["grids"],
        )


class ProvisionCommunityView(generic.CreateView):
    """The admin's "add community": the provisioning service behind a form."""

    page_title = _("Provision a community")
    submit_button_label = _("Provision")
    submit_button_active_label = _("Provisioning…")

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)  # a plain form: the service, not the form, saves
        return kwargs

    def form_valid(self, form):
        self.form = form
        try:
            self.report = provision_community(form.spec(), must_be_new=True)
        except ProvisioningError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        self.object = self.report.community
        return self.save_action()

    def get_success_message(self, instance: Community) -> str:
        return gettext("%(name)s is provisioned at %(host)s.") % {
            "name": instance.name,
            "host": instance.hostname,
        }

    def get_success_buttons(self) -> list:
        # Edit is refused for communities; the editor's next step is the site's pages.
        home_id = self.object.site.root_page_id
        return [messages.button(reverse("wagtailadmin_explore", args=[home_id]), _("Pages"))]


class CommunityViewSet(ModelViewSet):
    model = Community
    name = "communities"
    icon = "site"
    add_view_class = ProvisionCommunityView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["name", "slug", "subdistrict", "code", "created_at"]
    list_filter = ["subdistrict__district"]
    search_fields = ["name", "slug", "pinyin", "initials"]
    search_backend_name = None  # plain ORM lookups: pinyin prefixes, not full-text
    inspect_view_fields = [
        "name",
        "slug",
        "code",
        "subdistrict",
        "pinyin",
        "initials",
        "site",
        "collection",
        "editors_group",
        "moderators_group",
        "created_at",
    ]

    def get_form_class(self, for_update: bool = False):
        # The edit view exists (ModelViewSet builds it) but the policy refuses it to everyone.
        return ProvisionCommunityForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=Community.objects.with_hierarchy(), **kwargs)


class _ListingViewSet(ModelViewSet):
    """A read-only listing with an inspect view (add/edit/delete are refused by the policy)."""

    copy_view_enabled = False
    inspect_view_enabled = True
    search_backend_name = None
    form_fields = ["name"]  # needed to build the (refused) add and edit views
    list_select_related: tuple[str, ...] = ()  # what list_display shows of related rows

    def get_index_view_kwargs(self, **kwargs):
        queryset = self.model._default_manager.all()
        if self.list_select_related:  # select_related() with no fields is deprecated
            queryset = queryset.select_related(*self.list_select_related)
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)


class DistrictViewSet(_ListingViewSet):
    model = District
    name = "districts"
    icon = "globe"
    list_display = ["name", "code", "pinyin", "sort_order"]
    search_fields = ["name", "code", "pinyin"]


class SubdistrictViewSet(_ListingViewSet):
    model = Subdistrict
    name = "subdistricts"
    icon = "globe"
    list_display = ["name", "code", "district", "pinyin"]
    list_filter = ["district"]
    search_fields = ["name", "code", "pinyin"]
    list_select_related = ("district",)


class GridViewSet(_ListingViewSet):
    model = Grid
    name = "grids"
    icon = "table"
    list_display = ["code", "name", "community", "dwellings"]
    search_fields = ["code", "name", "community__name"]
    list_select_related = ("community",)


class TenancyViewSetGroup(ModelViewSetGroup):
    menu_label = _("Communities")
    menu_icon = "site"
    menu_order = 250
    items = (CommunityViewSet, DistrictViewSet, SubdistrictViewSet, GridViewSet)
