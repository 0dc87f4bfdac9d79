"""The one-stop services' admin (一站式服务管理): the city's catalogue for city administrators,
each community's service points and local items for its editors."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup

from .catalogue import CategoryViewSet, CityItemViewSet
from .community import LocalItemViewSet, ServicePointViewSet

__all__ = [
    "CategoryViewSet",
    "CityItemViewSet",
    "LocalItemViewSet",
    "ServicePointViewSet",
    "ServicesMenu",
]


class ServicesMenu(ViewSetGroup):
    menu_label = _("One-stop services")
    menu_icon = "clipboard-list"
    menu_order = 330
    items = (ServicePointViewSet, LocalItemViewSet, CityItemViewSet, CategoryViewSet)
