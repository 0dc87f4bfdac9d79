"""What every screen of the one-stop services' admin shares: saving through the editing
service (its errors land on the form, nothing is saved then) and a viewset whose screens and
menu item answer to a policy of their own."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.admin.roles import RefuseWith403Mixin

__all__ = ["OwnPolicyMixin", "ServiceSaveMixin"]


class ServiceSaveMixin(RefuseWith403Mixin):
    """Validate the form, then apply it through the editing service; its field errors are
    shown on the form (a refusal above it), and nothing is saved then."""

    def apply(self, data: dict) -> Model:
        raise NotImplementedError

    def is_valid(self, form) -> bool:
        if not super().is_valid(form):
            return False
        try:
            self.saved = self.apply(dict(form.cleaned_data))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            return True
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return False

    def save_instance(self):
        return self.saved


class OwnPolicyMixin:
    """A viewset whose views and menu item use ``view_policy`` rather than the model's
    registered policy (two screens of one model, for different people)."""

    view_policy: BasePermissionPolicy

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"permission_policy": self.view_policy, **kwargs})

    @cached_property
    def menu_item_class(self):
        policy = self.view_policy

        def is_shown(_item, request) -> bool:
            return policy.user_has_any_permission(request.user, ["add", "change", "view"])

        return type(f"{type(self).__name__}MenuItem", (MenuItem,), {"is_shown": is_shown})
