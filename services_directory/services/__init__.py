"""The one-stop services' domain operations (一站式服务): loading the catalogue, listing it for
a community, and keeping the catalogue, local items and service points up to date."""

from .catalogue import (
    DEFAULT_FILE,
    CatalogueError,
    CatalogueLoad,
    catalogue_counts,
    load_catalogue,
)
from .editing import (
    create_item,
    create_service_point,
    delete_category,
    may_manage_catalogue,
    may_manage_community,
    update_item,
    update_service_point,
)
from .listing import (
    CategoryGroup,
    catalogue_for,
    categories,
    item_for,
    service_points_for,
    visible_items,
)

__all__ = [
    "DEFAULT_FILE",
    "CatalogueError",
    "CatalogueLoad",
    "CategoryGroup",
    "catalogue_counts",
    "catalogue_for",
    "categories",
    "create_item",
    "create_service_point",
    "delete_category",
    "item_for",
    "load_catalogue",
    "may_manage_catalogue",
    "may_manage_community",
    "service_points_for",
    "update_item",
    "update_service_point",
    "visible_items",
]
