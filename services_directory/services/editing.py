"""Keeping the catalogue and the service points up to date (目录维护): who may change what.

City administrators (and superusers) keep the city's catalogue: its categories and city
items. A community's editors keep that community's own local items (本社区特色事项) and its
service points (服务网点: the service centre's comprehensive window, the 易办事 terminals);
they never change a city item or another community's things. Nothing is deleted from here
except an empty category: an item is withdrawn (``is_active``) so its record stays.

Every change is checked in full (``ValidationError`` keyed by field, nothing saved) and
recorded in the audit log, so the admin's history of each item and point shows who did what.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import User
from accounts.services.roles import staff_scope
from communities.admin_scope import edits_community
from communities.models import Community
from services_directory.models import (
    ServiceCategory,
    ServiceItem,
    ServicePoint,
    ServicePointKind,
)

__all__ = [
    "ITEM_FIELDS",
    "POINT_FIELDS",
    "create_item",
    "create_service_point",
    "delete_category",
    "may_manage_catalogue",
    "may_manage_community",
    "update_item",
    "update_service_point",
]

Someone = User | AnonymousUser | None

ITEM_FIELDS = frozenset(
    {
        "category", "service_type", "code", "name", "name_en", "summary", "summary_en",
        "eligibility", "eligibility_en", "materials", "materials_en", "steps", "steps_en",
        "processing_time", "processing_time_en", "fee", "fee_en", "legal_basis",
        "legal_basis_en", "at_window", "at_terminal", "elsewhere", "elsewhere_en",
        "online_url", "sort_order", "is_active",
    }
)  # fmt: skip
LINE_FIELDS = frozenset({"materials", "materials_en", "steps", "steps_en"})
POINT_FIELDS = frozenset(
    {
        "kind", "name", "name_en", "location", "location_en", "hours", "hours_en", "phone",
        "operator", "sort_order", "is_active",
    }
)  # fmt: skip
# A mainland mobile number (possibly with +86, spaces or hyphens): a person's, never shown.
_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")


def may_manage_catalogue(user: Someone) -> bool:
    """Whether ``user`` keeps the city's catalogue: a city administrator or superuser."""
    return staff_scope(user).is_city_admin


def may_manage_community(user: Someone, community: Community | int) -> bool:
    """Whether ``user`` keeps ``community``'s local items and service points."""
    community_id = community if isinstance(community, int) else community.pk
    return edits_community(user, community_id)


def _require_catalogue(user: Someone) -> None:
    if not may_manage_catalogue(user):
        raise PermissionDenied(_("Only city administrators change the city's service catalogue."))


def _require_community(user: Someone, community: Community | None) -> None:
    if community is None or not may_manage_community(user, community):
        raise PermissionDenied(
            _("Only the editors of a community change its local items and service points.")
        )


def _clean_value(name: str, value: Any) -> Any:
    if name in LINE_FIELDS:
        lines = str(value or "").splitlines()
        return "\n".join(line.strip() for line in lines if line.strip())
    if isinstance(value, str):
        return value.strip()
    return value


def _apply(instance: models.Model, allowed: frozenset[str], fields: dict) -> list[str]:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    changed = []
    for name, value in fields.items():
        value = _clean_value(name, value)
        if name == "sort_order" and value is None:
            value = 0
        field = instance._meta.get_field(name)
        if field.is_relation:  # compared by id: an unset relation has no object to compare
            current, new = getattr(instance, field.attname), getattr(value, "pk", value)
        else:
            current, new = getattr(instance, name), value
        if current != new:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _full_clean(instance: models.Model, errors: dict[str, list[str]]) -> None:
    """The model's rules (required texts, lengths, choices, URL), merged with ``errors``;
    raises them all at once, keyed by field."""
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save_logged[T: ServiceItem | ServicePoint](
    user: Someone, thing: T, action: str, changed: list[str] | None = None
) -> T:
    """Save ``thing`` and its audit entry in one transaction."""
    with transaction.atomic():
        thing.save()
        data = {"fields": sorted(changed)} if changed is not None else None
        log(instance=thing, action=action, user=user, content_changed=True, data=data)
    return thing


# --- items (服务事项) -------------------------------------------------------------------------


def _check_item(item: ServiceItem) -> None:
    errors: dict[str, list[str]] = {}
    if item.community_id is None:
        if not item.code:
            errors["code"] = [_("A city item needs a code: the catalogue file refers to it.")]
        else:
            taken = ServiceItem.objects.filter(community__isnull=True, code=item.code)
            if taken.exclude(pk=item.pk).exists():
                errors["code"] = [
                    _("Another city item already has the code “%(code)s”.") % {"code": item.code}
                ]
    if item.online_url and not item.online_url.lower().startswith(("https://", "http://")):
        errors["online_url"] = [_("Give a web address starting with https:// or http://.")]
    if not (item.at_window or item.at_terminal or item.elsewhere or item.online_url):
        errors["at_window"] = [
            _(
                "Say where residents apply: at the comprehensive window, at a terminal, "
                "at another office, or online."
            )
        ]
    _full_clean(item, errors)


def create_item(user: Someone, community: Community | None = None, **fields: Any) -> ServiceItem:
    """Add a city item (``community`` None: city administrators only) or a local item of
    ``community`` (its editors). Raises ``PermissionDenied`` or ``ValidationError``."""
    if community is None:
        _require_catalogue(user)
    else:
        _require_community(user, community)
    item = ServiceItem(community=community)
    _apply(item, ITEM_FIELDS, fields)
    if community is not None and "code" not in fields:
        item.code = ""
    _check_item(item)
    return _save_logged(user, item, "wagtail.create")


def update_item(user: Someone, item: ServiceItem, **fields: Any) -> ServiceItem:
    """Change an item. A local item may move to another community the user edits (pass
    ``community``); a city item stays a city item. Nothing is saved when anything is wrong."""
    community = fields.pop("community", item.community)
    if item.community_id is None:
        _require_catalogue(user)
        if community is not None:
            raise ValidationError(
                {"community": _("A city item belongs to the whole city; add a local item instead.")}
            )
    else:
        _require_community(user, item.community)
        if community is None:
            raise ValidationError({"community": _("Choose the community of this local item.")})
        if community.pk != item.community_id:
            _require_community(user, community)
            item.community = community
    changed = _apply(item, ITEM_FIELDS, fields)
    _check_item(item)
    return _save_logged(user, item, "wagtail.edit", changed)


# --- service points (服务网点) ------------------------------------------------------------------


def _check_point(point: ServicePoint) -> None:
    errors: dict[str, list[str]] = {}
    if point.operator_id and point.kind != ServicePointKind.SERVICE_CENTRE:
        errors["operator"] = [_("Only a community service centre is run by an organisation.")]
    if _MOBILE.match(re.sub(r"[\s()-]", "", point.phone or "")):
        errors["phone"] = [
            _("Give the office's public line, never a mobile number: it is shown to everyone.")
        ]
    _full_clean(point, errors)


def create_service_point(user: Someone, community: Community, **fields: Any) -> ServicePoint:
    """Add a place to apply to ``community`` (its editors, or a city administrator)."""
    _require_community(user, community)
    point = ServicePoint(community=community)
    _apply(point, POINT_FIELDS, fields)
    _check_point(point)
    return _save_logged(user, point, "wagtail.create")


def update_service_point(user: Someone, point: ServicePoint, **fields: Any) -> ServicePoint:
    """Change a service point; ``community`` may move it to another community the user
    edits. Nothing is saved when anything is wrong."""
    _require_community(user, point.community)
    community = fields.pop("community", point.community)
    if community is None:
        raise ValidationError({"community": _("Choose the community of this service point.")})
    if community.pk != point.community_id:
        _require_community(user, community)
        point.community = community
    changed = _apply(point, POINT_FIELDS, fields)
    _check_point(point)
    return _save_logged(user, point, "wagtail.edit", changed)


# --- categories (服务类别) ----------------------------------------------------------------------


def delete_category(user: Someone, category: ServiceCategory) -> None:
    """Delete an empty category (city administrators). One with items, even withdrawn or
    local ones, stays: the items point at it."""
    _require_catalogue(user)
    if category.items.exists():
        raise ValidationError(
            _("“%(name)s” still has service items: move them to another category first.")
            % {"name": category.name},
            code="has_items",
        )
    with transaction.atomic():
        log(instance=category, action="wagtail.delete", user=user)
        category.delete()
