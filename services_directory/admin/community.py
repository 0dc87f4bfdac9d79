"""A community's own one-stop services in the admin (社区服务网点与特色事项): its editors (and
city administrators) keep its service points — the service centre's comprehensive window and
the 24-hour terminals — and its local items. Another community's are "not found"; a city
item is never listed here. Nothing is deleted: a point is closed, an item withdrawn."""

from __future__ import annotations

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView

from accounts.admin.roles import RefuseWith403Mixin
from communities.admin_scope import CommunityThingsViewSet, community_filter
from services_directory.models import ServiceItem, ServicePoint
from services_directory.services.editing import (
    create_item,
    create_service_point,
    update_item,
    update_service_point,
)

from .forms import LOCAL_ITEM_PANELS, SERVICE_POINT_PANELS
from .policies import LOCAL_ITEM_POLICY, SERVICE_POINT_POLICY
from .views import OwnPolicyMixin, ServiceSaveMixin

__all__ = ["LocalItemViewSet", "ServicePointViewSet"]


def _local_items(user):
    return LOCAL_ITEM_POLICY.scoped_queryset(user).select_related("category")


def _points(user):
    return SERVICE_POINT_POLICY.scoped_queryset(user)


# --- local items ----------------------------------------------------------------------------


class LocalItemCreateView(ServiceSaveMixin, generic.CreateView):
    def apply(self, data: dict) -> ServiceItem:
        community = data.pop("community")
        return create_item(self.request.user, community, **data)


class LocalItemEditView(ServiceSaveMixin, generic.EditView):
    def get_queryset(self):
        return _local_items(self.request.user)  # a city item or another community's: 404

    def apply(self, data: dict) -> ServiceItem:
        item = self.get_queryset().get(pk=self.object.pk)
        return update_item(self.request.user, item, **data)


class LocalItemHistoryView(RefuseWith403Mixin, HistoryView):
    def get_base_object_queryset(self):
        return _local_items(self.request.user)


class LocalItemFilterSet(WagtailFilterSet):
    community = community_filter()

    class Meta:
        model = ServiceItem
        fields = ["community", "category", "is_active"]


class LocalItemIndexView(RefuseWith403Mixin, generic.IndexView):
    filterset_class = LocalItemFilterSet

    def get_base_queryset(self):
        return _local_items(self.request.user)

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("community__name", "category__sort_order", "sort_order", "pk")

    @cached_property
    def columns(self):
        return [
            self._get_title_column("name"),
            Column("community", label=_("Community"), accessor="community.name"),
            Column("category", label=_("Category"), accessor="category.name"),
            BooleanColumn("is_active", label=_("Offered")),
        ]


class LocalItemViewSet(OwnPolicyMixin, CommunityThingsViewSet):
    model = ServiceItem
    name = "local_service_items"
    icon = "pick"
    menu_label = _("Local service items")
    view_policy = LOCAL_ITEM_POLICY
    index_view_class = LocalItemIndexView
    add_view_class = LocalItemCreateView
    edit_view_class = LocalItemEditView
    history_view_class = LocalItemHistoryView
    search_fields = ["name", "name_en"]
    edit_handler = LOCAL_ITEM_PANELS


# --- service points -------------------------------------------------------------------------


class ServicePointCreateView(ServiceSaveMixin, generic.CreateView):
    def apply(self, data: dict) -> ServicePoint:
        community = data.pop("community")
        return create_service_point(self.request.user, community, **data)


class ServicePointEditView(ServiceSaveMixin, generic.EditView):
    def get_queryset(self):
        return _points(self.request.user)  # another community's: 404

    def apply(self, data: dict) -> ServicePoint:
        point = self.get_queryset().get(pk=self.object.pk)
        return update_service_point(self.request.user, point, **data)


class ServicePointHistoryView(RefuseWith403Mixin, HistoryView):
    def get_base_object_queryset(self):
        return _points(self.request.user)


class ServicePointFilterSet(WagtailFilterSet):
    community = community_filter()

    class Meta:
        model = ServicePoint
        fields = ["community", "kind", "is_active"]


class ServicePointIndexView(RefuseWith403Mixin, generic.IndexView):
    filterset_class = ServicePointFilterSet

    def get_base_queryset(self):
        return _points(self.request.user)

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("community__name", "kind", "sort_order", "pk")

    @cached_property
    def columns(self):
        return [
            self._get_title_column("name"),
            Column("community", label=_("Community"), accessor="community.name"),
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            Column("hours", label=_("Opening hours")),
            BooleanColumn("is_active", label=_("Open")),
        ]


class ServicePointViewSet(CommunityThingsViewSet):
    model = ServicePoint
    name = "service_points"
    icon = "site"
    menu_label = _("Service points")
    index_view_class = ServicePointIndexView
    add_view_class = ServicePointCreateView
    edit_view_class = ServicePointEditView
    history_view_class = ServicePointHistoryView
    search_fields = ["name", "location"]
    edit_handler = SERVICE_POINT_PANELS
