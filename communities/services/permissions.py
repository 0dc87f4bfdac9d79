"""The groups and permissions that give a community's staff rights over that community only."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
)

EDITOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "delete_page",
    "lock_page",
    "unlock_page",
)
EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", ("add", "change", "choose", "delete")),
    ("wagtaildocs", "document", ("add", "change", "choose", "delete")),
)


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


class PermissionCatalogue:
    """Loads each Permission row once per provisioning run instead of once per community."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], Permission] = {}

    def get(self, app_label: str, codename: str) -> Permission:
        key = (app_label, codename)
        if key not in self._cache:
            self._cache[key] = _permission(app_label, codename)
        return self._cache[key]

    def settings_change(self, model) -> Permission:
        ct = ContentType.objects.get_for_model(model)
        return self.get(ct.app_label, f"change_{ct.model}")


def ensure_group(name: str, catalogue: PermissionCatalogue) -> tuple[Group, bool]:
    """The group with admin access; True if the group or its access had to be created."""
    group, created = Group.objects.get_or_create(name=name)
    access_admin = catalogue.get("wagtailadmin", "access_admin")
    # Checked, not blindly added: an idempotent re-run must not even send m2m signals.
    if created or not group.permissions.filter(pk=access_admin.pk).exists():
        group.permissions.add(access_admin)
        return group, True
    return group, False


def grant_editor_rights(
    group: Group,
    roots: list[Page],
    collection: Collection,
    site: Site,
    settings_model,
    catalogue: PermissionCatalogue,
) -> int:
    """Page rights on each locale's root, the collection, and this site's settings.

    Returns the number of grants created (0 when everything was already in place).
    """
    created = 0
    for root in roots:
        for codename in EDITOR_PAGE_PERMISSIONS:
            _, made = GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=catalogue.get("wagtailcore", codename)
            )
            created += made
    for app_label, model, actions in EDITOR_COLLECTION_PERMISSIONS:
        for action in actions:
            _, made = GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=catalogue.get(app_label, f"{action}_{model}"),
            )
            created += made
    _, made = GroupSitePermission.objects.get_or_create(
        group=group, site=site, permission=catalogue.settings_change(settings_model)
    )
    return created + made
