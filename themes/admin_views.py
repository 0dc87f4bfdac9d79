"""The admin's theme page: an editor sees the eight previews and picks one for their site."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import ModelLogEntry

from communities.hosts import origin_for
from communities.models import Community, CommunitySettings
from communities.scope import editable_communities

from .registry import DEFAULT_THEME, THEMES, get_theme, theme_choices
from .services import THEME_CHANGE_ACTION, change_theme

__all__ = ["ChooseThemeView", "ThemeIndexView"]

PER_PAGE = 25
HISTORY_LENGTH = 10


class ThemeForm(forms.Form):
    theme = forms.ChoiceField(
        label=_("Theme"),
        choices=theme_choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the themes."),
            "invalid_choice": _("That theme does not exist any more: choose one of these."),
        },
    )


def _current_themes(communities: list[Community]) -> dict[int, str]:
    rows = CommunitySettings.objects.filter(site_id__in=[c.site_id for c in communities])
    themes = dict(rows.values_list("site_id", "theme"))
    return {c.pk: themes.get(c.site_id, DEFAULT_THEME) for c in communities}


class ThemeIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The communities whose theme this user may choose; straight to it if there is one."""

    template_name = "themes/admin/index.html"
    page_title = _("Site theme")
    header_icon = "desktop"

    def get(self, request, *args, **kwargs):
        communities = editable_communities(request.user)
        if communities.count() == 1:
            return HttpResponseRedirect(reverse("themes:choose", args=[communities.get().pk]))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:50]
        communities = editable_communities(self.request.user).select_related(
            "subdistrict__district"
        )
        if query:
            communities = communities.filter(
                Q(name__contains=query) | Q(pinyin__startswith=query.lower()) | Q(slug=query)
            )
        page = Paginator(communities.order_by("subdistrict__district", "name"), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        current = _current_themes(list(page.object_list))
        context.update(
            query=query,
            page_obj=page,
            rows=[(c, get_theme(current[c.pk])) for c in page.object_list],
        )
        return context


class ChooseThemeView(WagtailAdminTemplateMixin, FormView):
    template_name = "themes/admin/choose.html"
    form_class = ThemeForm
    page_title = _("Site theme")
    header_icon = "desktop"

    def dispatch(self, request, *args, **kwargs):
        # Another community's site is "not found" rather than "forbidden": no enumeration.
        self.community = get_object_or_404(
            editable_communities(request.user).select_related("site"), pk=kwargs["community_id"]
        )
        # One read of the site's settings serves the current theme and its history.
        self.site_settings = CommunitySettings.objects.filter(
            site_id=self.community.site_id
        ).first()
        self.current = self.site_settings.theme if self.site_settings else DEFAULT_THEME
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.community.name

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("themes:index"), "label": self.page_title},
            {"url": "", "label": self.community.name},
        ]

    def _site_url(self) -> str:
        return origin_for(self.community.hostname, self.request) + "/"

    def get_initial(self) -> dict:
        return {"theme": self.current}

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        chosen = form["theme"].value() or self.current
        context.update(
            community=self.community,
            themes=list(THEMES.values()),
            current=self.current,
            chosen=chosen,
            site_url=self._site_url(),
            history=self._history(),
        )
        return context

    def _history(self) -> list[ModelLogEntry]:
        """This site's latest theme changes (the site history report shows editors nothing of
        settings, which they hold per site rather than as a model permission)."""
        if self.site_settings is None:
            return []
        return list(
            ModelLogEntry.objects.for_instance(self.site_settings)
            .filter(action=THEME_CHANGE_ACTION)
            .select_related("user")
            .order_by("-timestamp")[:HISTORY_LENGTH]
        )

    def form_valid(self, form: ThemeForm):
        theme = change_theme(self.community, form.cleaned_data["theme"], user=self.request.user)
        messages.success(
            self.request,
            gettext("%(community)s now uses the theme “%(theme)s”.")
            % {"community": self.community.name, "theme": theme.name},
            buttons=[messages.button(self._site_url(), gettext("View site"))],
        )
        return HttpResponseRedirect(reverse("themes:choose", args=[self.community.pk]))

    def form_invalid(self, form: ThemeForm):
        messages.validation_error(self.request, gettext("The theme was not changed."), form)
        return super().form_invalid(form)
