"""The banned-word list (敏感词) in the admin: city administrators only. A post containing one
is held for a moderator instead of published (``forums.services.guard.banned_word_in``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.admin.roles import RefuseWith403Mixin
from accounts.models import Role
from accounts.services.roles import is_city_admin
from forums.models import BannedWord
from forums.services.guard import forget_banned_words

__all__ = ["BannedWordPermissionPolicy", "BannedWordViewSet"]


class BannedWordPermissionPolicy(BasePermissionPolicy):
    actions = frozenset({"add", "change", "delete", "view"})

    def user_has_permission(self, user, action: str) -> bool:
        return action in self.actions and is_city_admin(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.actions.intersection(actions):
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(role_grants__role=Role.CITY_ADMIN)).distinct()


class ForgetWordsMixin(RefuseWith403Mixin):
    """Every process picks the change up within a minute; this one at once."""

    def form_valid(self, form):
        response = super().form_valid(form)
        forget_banned_words()
        return response


class WordIndexView(RefuseWith403Mixin, generic.IndexView):
    @property
    def columns(self):
        return [
            TitleColumn("phrase", label=_("Word or phrase"), url_name=self.edit_url_name),
            DateColumn("created_at", label=_("Added")),
        ]


class WordCreateView(ForgetWordsMixin, generic.CreateView):
    pass


class WordEditView(ForgetWordsMixin, generic.EditView):
    pass


class WordDeleteView(RefuseWith403Mixin, generic.DeleteView):
    def delete_action(self):
        super().delete_action()
        forget_banned_words()


class BannedWordViewSet(ModelViewSet):
    model = BannedWord
    name = "forum_banned_words"
    icon = "warning"
    menu_label = _("Banned words")
    add_to_admin_menu = False  # in the "Moderation" menu
    add_to_reference_index = False
    copy_view_enabled = False
    form_fields = ["phrase"]
    search_fields = ["phrase"]
    search_backend_name = None
    index_view_class = WordIndexView
    add_view_class = WordCreateView
    edit_view_class = WordEditView
    delete_view_class = WordDeleteView
    list_per_page = 100

    def get_permissions_to_register(self):
        return Permission.objects.none()  # city administrators only, by role

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"usage_url_name": None, **kwargs})

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name != "usage"]
