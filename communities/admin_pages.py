"""Page-tree guards of the admin that Wagtail's page permissions alone do not give tenants.

1. The explorer. An editor holds page permissions on two roots, the community's home page in
   each locale (zh-hans, en). Their common ancestor is the tree root, so Wagtail takes the whole
   tree as the editor's "explorable root" and renders ``/admin/pages/<id>/`` for any page,
   including another community's home page (its title, translations and history links), even
   though it filters the children listed there. We refuse to explore a page that is not
   explorable for the user, redirecting as Wagtail does for pages outside the explorable root.

2. Home pages. A community's home page (in any locale) is made by provisioning and goes only
   with the community; deleting it would orphan the site (or fail on the protected link).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from .models import CommunityHomePage


class TenantExplorableIndexView(ExplorableIndexView):
    def get(self, request: HttpRequest, parent_page_id: int | None = None) -> HttpResponse:
        if parent_page_id is not None and not request.user.is_superuser:
            explorable = self.permission_policy.explorable_instances(request.user)
            if not explorable.filter(pk=parent_page_id).exists():
                root = self.permission_policy.explorable_root_instance(request.user)
                return redirect(self.index_url_name, root.pk)
        return super().get(request, parent_page_id)


class TenantPageViewSet(PageViewSet):
    """Wagtail's base page viewset with the tenant-aware explorer listing.

    Registered after Wagtail's own (``order`` of the hook), it replaces it for every page type
    that has no viewset of its own.
    """

    model = Page
    index_view_class = TenantExplorableIndexView


def community_home_pages(pages: list[Page]) -> list[Page]:
    """The pages among ``pages`` that are a community's home page, in any locale."""
    ids = [page.pk for page in pages]
    return list(CommunityHomePage.objects.filter(pk__in=ids).only("pk", "title"))


def refuse_home_page_deletion(request: HttpRequest, pages: list[Page]) -> HttpResponse | None:
    """A redirect with an error message if ``pages`` holds a community home page."""
    homes = community_home_pages(pages)
    if not homes:
        return None
    messages.error(
        request,
        _(
            "“%(title)s” is the home page of a community site and cannot be deleted. "
            "Delete or unpublish the pages under it instead; removing a community is done "
            "by the city administrators."
        )
        % {"title": homes[0].title},
    )
    return redirect("wagtailadmin_explore", homes[0].pk)
