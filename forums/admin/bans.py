"""Posting bans in force (禁言名单) in the user's communities, and lifting one early."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from forums.models import PostingBan
from forums.services.errors import ForumError
from forums.services.moderation import active_bans, lift_ban

from .scope import may_moderate_somewhere, moderated_ids

__all__ = ["BansView", "LiftBanView"]

NAMESPACE = "forums_moderation"


class BansView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "forums/admin/bans.html"
    page_title = _("Posting bans")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not may_moderate_somewhere(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        bans = active_bans(moderated_ids(self.request.user))[:500]
        return super().get_context_data(bans=list(bans), **kwargs)


class LiftBanView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then lift (解除禁言); a ban of another community is "not found"."""

    template_name = "forums/admin/lift_ban.html"
    page_title = _("Lift a posting ban")
    header_icon = "lock-open"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        ids = moderated_ids(request.user)
        bans = PostingBan.objects.select_related("community", "user", "created_by")
        if ids is not None:
            bans = bans.filter(community_id__in=ids)
        self.ban = get_object_or_404(bans, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:bans"), "label": gettext("Posting bans")},
            {"url": "", "label": self.ban.user.public_name},
        ]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            lift_ban(request.user, self.ban)
        except ForumError as error:
            messages.error(request, error.message)
            return self.render_to_response(self.get_context_data(), status=error.status)
        messages.success(
            request,
            gettext("%(name)s may post in %(community)s again.")
            % {"name": self.ban.user.public_name, "community": self.ban.community.name},
        )
        return HttpResponseRedirect(reverse(f"{NAMESPACE}:bans"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(ban=self.ban, **kwargs)
