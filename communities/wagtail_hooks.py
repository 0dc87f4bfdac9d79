"""Wagtail admin wiring of the tenancy app (screens in admin_views, page guards in admin_pages)."""

from wagtail import hooks
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from .admin_pages import TenantPageViewSet, refuse_home_page_deletion
from .admin_views import COMMUNITY_POLICY, HIERARCHY_POLICIES, TenancyViewSetGroup
from .middleware import CITY_WIDE_REPORTS
from .models import Community

# Policies first: Wagtail creates a fallback policy for a model the first time one is asked
# for, and refuses a registration after that.
register_permission_policy(Community, COMMUNITY_POLICY, exact_class=True)
for _model, _policy in HIERARCHY_POLICIES.items():
    register_permission_policy(_model, _policy, exact_class=True)


@hooks.register("register_admin_viewset")
def register_tenancy_viewsets():
    return TenancyViewSetGroup()


# After Wagtail's base page viewset (registered with order=-1), so this one replaces it.
@hooks.register("register_admin_viewset", order=10)
def register_tenant_page_viewset():
    return TenantPageViewSet()


@hooks.register("before_delete_page")
def keep_community_home_pages(request, page):
    return refuse_home_page_deletion(request, [page])


@hooks.register("before_bulk_action")
def keep_community_home_pages_in_bulk(request, action_type, objects, action_class_instance):
    # Bulk actions serve pages, images, documents, users and snippets alike.
    if action_type == "delete" and issubclass(action_class_instance.model, Page):
        return refuse_home_page_deletion(request, list(objects))
    return None


@hooks.register("construct_translated_pages_to_cascade_actions")
def cascade_to_translations(pages: list[Page], action: str):
    """Deleting or unpublishing a page takes its translations with it.

    wagtail-localize does not cascade, and an English copy left live after its Chinese source
    was withdrawn (a withdrawn notice, say) would go on telling residents something untrue.
    Moves are not cascaded: each locale's tree is arranged by its own editors.
    """
    if action not in ("delete", "unpublish"):
        return None
    return {
        page: Page.objects.translation_of(page, inclusive=False).filter(alias_of__isnull=True)
        for page in pages
    }


@hooks.register("construct_reports_menu")
def hide_city_wide_reports(request, menu_items):
    # The page types usage report names the latest page of each type across all sites.
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in CITY_WIDE_REPORTS]
