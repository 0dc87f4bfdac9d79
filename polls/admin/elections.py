"""Elections (民主选举) in the admin: a community's editors (and city administrators) set up
an election with its candidates, follow the voter roll, and publish the result after closing.

A Wagtail ``ModelViewSet`` scoped to the user's edited communities (an election elsewhere is
"not found"). Once anyone voted, the community, seats, opening time and candidates are locked.
Ballots have no admin screen, snippet or export here or anywhere (see ``elections_roll``).
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button, ListingButton
from wagtail.permissions import register_permission_policy

from accounts.admin.roles import RefuseWith403Mixin
from communities.admin_scope import (
    CommunityThingsViewSet,
    EditedCommunityPermissionPolicy,
    edited_communities,
)
from polls.models import Election
from polls.services.elections import ElectionLocked, check_editable, lock_for_edit

from .elections_roll import NAMESPACE, PublishResultView, RollCsvView, RollView, scoped_elections

__all__ = ["ElectionViewSet", "viewset"]


class ElectionPermissionPolicy(EditedCommunityPermissionPolicy):
    """Editors run the elections of the communities they edit; nobody deletes one (its roll
    and ballots are the record of a vote): unpublish a draft instead."""

    def scoped_queryset(self, user):
        return scoped_elections(user)


class ElectionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "community" in self.fields:
            self.fields["community"].queryset = edited_communities(self.for_user)

    def candidates_changed(self) -> bool:
        formset = self.formsets.get("candidates")
        return formset is not None and formset.has_changed()

    def changed_fields(self) -> set[str]:
        return set(self.changed_data) - getattr(self, "_same_minute", set())

    def _keep_times_within_the_minute(self, data: dict) -> None:
        # The admin shows times to the minute: an untouched time with seconds would otherwise
        # count as changed (and be refused once anyone voted).
        self._same_minute = set()
        for name in ("opens_at", "closes_at"):
            old, new = self.initial.get(name), data.get(name)
            if old and new and old.replace(second=0, microsecond=0) == new.replace(second=0):
                data[name] = old
                self._same_minute.add(name)

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None:
            self._keep_times_within_the_minute(data)
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("Voting must close after it opens."))
        formset = self.formsets.get("candidates")
        if data.get("is_published") and formset is not None and formset.is_valid():
            remaining = [
                form
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            if not remaining:
                self.add_error(None, _("A published election needs at least one candidate."))
        try:
            check_editable(
                self.instance, self.changed_fields(), candidates_changed=self.candidates_changed()
            )
        except ElectionLocked as locked:
            for name, messages in locked.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        return data


class ElectionCreateView(RefuseWith403Mixin, generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class ElectionEditView(RefuseWith403Mixin, generic.EditView):
    def get_queryset(self):
        return scoped_elections(self.request.user)  # another community's election: 404

    def save_instance(self):
        # Check again holding the election row: a vote cast since the form was checked
        # (it holds a key-share lock on the row until it commits) locks the candidates too.
        with lock_for_edit(self.object):
            check_editable(
                self.object,
                self.form.changed_fields(),
                candidates_changed=self.form.candidates_changed(),
            )
            return super().save_instance()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ElectionLocked as locked:
            for name, messages in locked.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
            return self.form_invalid(form)

    @cached_property
    def header_more_buttons(self):
        roll = reverse(f"{NAMESPACE}:roll", args=[self.object.pk])
        return [
            *super().header_more_buttons,
            Button(_("Voter roll and result"), url=roll, icon_name="user", priority=5),
        ]


class ElectionIndexView(RefuseWith403Mixin, generic.IndexView):
    def get_base_queryset(self):
        return scoped_elections(self.request.user).annotate(voters=Count("roll"))

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("-opens_at", "-pk")

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            ListingButton(
                _("Voter roll and result"),
                url=reverse(f"{NAMESPACE}:roll", args=[instance.pk]),
                icon_name="user",
                priority=15,
            ),
        ]

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Title"), url_name=self.edit_url_name),
            Column("community", label=_("Community"), accessor="community.name"),
            DateColumn("opens_at", label=_("Opens"), sort_key="opens_at"),
            DateColumn("closes_at", label=_("Closes"), sort_key="closes_at"),
            Column("voters", label=_("Voted")),
            Column("is_published", label=_("Published"), accessor="is_published"),
        ]


class ElectionViewSet(CommunityThingsViewSet):
    model = Election
    name = NAMESPACE
    url_prefix = "polls/elections"
    icon = "user"
    menu_label = _("Elections")
    index_view_class = ElectionIndexView
    add_view_class = ElectionCreateView
    edit_view_class = ElectionEditView
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("community"),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("seats"),
            FieldPanel("opens_at"),
            FieldPanel("closes_at"),
            FieldPanel("is_published"),
            InlinePanel("candidates", label=_("Candidates"), min_num=1),
        ],
        base_form_class=ElectionForm,
    )

    def extra_urlpatterns(self):
        # The roll (who voted, never how) and publishing the result; no view of ballots.
        return [
            path("roll/<int:pk>/", RollView.as_view(), name="roll"),
            path("roll/<int:pk>/roll.csv", RollCsvView.as_view(), name="roll_csv"),
            path("publish/<int:pk>/", PublishResultView.as_view(), name="publish"),
        ]


register_permission_policy(Election, ElectionPermissionPolicy(Election), exact_class=True)
viewset = ElectionViewSet()
