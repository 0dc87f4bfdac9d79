"""The city's catalogue in the admin (服务目录管理): city administrators keep its categories
and city items. An item is never deleted (withdraw it: "offered" off), and a category only
while it has no items. The shipped catalogue is re-applied with ``load_service_catalogue``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.admin.roles import RefuseWith403Mixin
from communities.admin_scope import CommunityThingsViewSet
from services_directory.models import ServiceCategory, ServiceItem
from services_directory.services.editing import create_item, delete_category, update_item

from .forms import CITY_ITEM_PANELS
from .policies import CATEGORY_POLICY, CITY_ITEM_POLICY
from .views import OwnPolicyMixin, ServiceSaveMixin

__all__ = ["CategoryViewSet", "CityItemViewSet"]


def _city_items():
    return ServiceItem.objects.filter(community__isnull=True).select_related("category")


# --- categories -----------------------------------------------------------------------------


class CategoryIndexView(RefuseWith403Mixin, generic.IndexView):
    pass


class CategoryCreateView(RefuseWith403Mixin, generic.CreateView):
    pass


class CategoryEditView(RefuseWith403Mixin, generic.EditView):
    pass


class CategoryDeleteView(RefuseWith403Mixin, generic.DeleteView):
    """Asks, then deletes through the service; a category with items is refused, saying so."""

    def _refuse(self, error: ValidationError):
        messages.error(self.request, " ".join(error.messages))
        return redirect(self.edit_url_name, self.object.pk)

    def get(self, request, *args, **kwargs):
        if self.object.items.exists():
            return self._refuse(
                ValidationError(
                    _("“%(name)s” still has service items: move them to another category first.")
                    % {"name": self.object.name}
                )
            )
        return super().get(request, *args, **kwargs)

    def delete_action(self):
        delete_category(self.request.user, self.object)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            return self._refuse(error)


class CategoryViewSet(ModelViewSet):
    model = ServiceCategory
    name = "service_categories"
    icon = "folder-open-inverse"
    menu_label = _("Service categories")
    add_to_admin_menu = False
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    index_view_class = CategoryIndexView
    add_view_class = CategoryCreateView
    edit_view_class = CategoryEditView
    delete_view_class = CategoryDeleteView
    form_fields = ["code", "name", "name_en", "sort_order"]
    list_display = ["name", "name_en", "code", "sort_order"]
    search_fields = ["name", "name_en", "code"]

    def get_permissions_to_register(self):
        from django.contrib.auth.models import Permission

        return Permission.objects.none()  # the rights are the city administrator's role

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"permission_policy": CATEGORY_POLICY, "usage_url_name": None, **kwargs}
        )


# --- city items -----------------------------------------------------------------------------


class CityItemCreateView(ServiceSaveMixin, generic.CreateView):
    def apply(self, data: dict) -> ServiceItem:
        return create_item(self.request.user, None, **data)


class CityItemEditView(ServiceSaveMixin, generic.EditView):
    def get_queryset(self):
        return _city_items()  # a local item is not one of these: 404

    def apply(self, data: dict) -> ServiceItem:
        # A fresh copy: the form has already written its values onto self.object.
        return update_item(self.request.user, self.get_queryset().get(pk=self.object.pk), **data)


class CityItemHistoryView(RefuseWith403Mixin, HistoryView):
    def get_base_object_queryset(self):
        return _city_items()


class CityItemFilterSet(WagtailFilterSet):
    class Meta:
        model = ServiceItem
        fields = ["category", "service_type", "is_active"]


class CityItemIndexView(RefuseWith403Mixin, generic.IndexView):
    filterset_class = CityItemFilterSet

    def get_base_queryset(self):
        return _city_items()

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("category__sort_order", "sort_order", "pk")

    @cached_property
    def columns(self):
        return [
            self._get_title_column("name"),
            Column("category", label=_("Category"), accessor="category.name"),
            Column("service_type", label=_("Type"), accessor="get_service_type_display"),
            Column("code", label=_("Code")),
            BooleanColumn("is_active", label=_("Offered")),
        ]


class CityItemViewSet(OwnPolicyMixin, CommunityThingsViewSet):
    """The city's items (市级事项): list, add, edit and history; no delete."""

    model = ServiceItem
    name = "service_catalogue"
    icon = "list-ul"
    menu_label = _("City service items")
    view_policy = CITY_ITEM_POLICY
    index_view_class = CityItemIndexView
    add_view_class = CityItemCreateView
    edit_view_class = CityItemEditView
    history_view_class = CityItemHistoryView
    search_fields = ["name", "name_en", "code"]
    edit_handler = CITY_ITEM_PANELS
