"""Admin wiring of the one-stop services (一站式服务管理): the permission policies, then the
menu of the catalogue, the local items and the service points."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from services_directory.admin.policies import (
    CATEGORY_POLICY,
    SERVICE_ITEM_POLICY,
    SERVICE_POINT_POLICY,
)
from services_directory.models import ServiceCategory, ServiceItem, ServicePoint

# Before anything asks for the policies (Wagtail would make fallback ones, and then refuse).
register_permission_policy(ServiceCategory, CATEGORY_POLICY, exact_class=True)
register_permission_policy(ServiceItem, SERVICE_ITEM_POLICY, exact_class=True)
register_permission_policy(ServicePoint, SERVICE_POINT_POLICY, exact_class=True)


@hooks.register("register_admin_viewset")
def register_services_menu():
    from services_directory.admin import ServicesMenu

    return ServicesMenu()
