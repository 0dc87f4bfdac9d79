"""Deliberations in the admin (阳光议事管理): a community's editors (and city administrators)
see the proposals of their communities, schedule or decline them, put their own proposal to
the community in one step, and report progress on a passed deliberation's action item.

A Wagtail ``ModelViewSet`` scoped to the user's edited communities (a deliberation elsewhere
is "not found"); every change goes through ``polls.services.deliberations``, never a bare
model save, so the checks, the notices and the audit log apply.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.permissions import register_permission_policy

from accounts.admin.roles import RefuseWith403Mixin
from communities.admin_scope import (
    CommunityThingsViewSet,
    EditedCommunityPermissionPolicy,
    community_filter,
    edited_communities,
)
from governance.models import Category
from polls.models import Deliberation, DeliberationStatus
from polls.services.common import PollError
from polls.services.deliberations import propose_deliberation, schedule_deliberation

from .deliberations_manage import NAMESPACE, DeliberationManageView
from .deliberations_scope import scoped_deliberations

__all__ = ["DeliberationPermissionPolicy", "DeliberationViewSet", "viewset"]


class DeliberationPermissionPolicy(EditedCommunityPermissionPolicy):
    """Editors manage the deliberations of the communities they edit; nobody deletes one
    (its votes and outcome are the community's record)."""

    def scoped_queryset(self, user):
        return scoped_deliberations(user)


# Before anything asks for the policy (Wagtail would make a fallback one).
register_permission_policy(
    Deliberation, DeliberationPermissionPolicy(Deliberation), exact_class=True
)

SCHEDULE_FIELDS = (
    "discussion_opens_at", "voting_opens_at", "voting_closes_at", "quorum", "pass_threshold",
    "who_may_vote", "outcome_kind", "category",
)  # fmt: skip


class EditorDeliberationForm(WagtailAdminModelForm):
    """An editor's own proposal, scheduled in the same step."""

    class Meta:
        model = Deliberation
        fields = ["community", "title", "proposal", *SCHEDULE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = edited_communities(self.for_user)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        for name in ("discussion_opens_at", "voting_opens_at", "voting_closes_at"):
            self.fields[name].required = True

    # The services check the rest, with their own messages.
    def _post_clean(self):
        pass


class DeliberationCreateView(RefuseWith403Mixin, generic.CreateView):
    def is_valid(self, form) -> bool:
        if not super().is_valid(form):
            return False
        data, user = form.cleaned_data, self.request.user
        try:
            with transaction.atomic():  # proposed and scheduled, or nothing
                proposal = propose_deliberation(
                    user, data["community"], title=data["title"], proposal=data["proposal"]
                )
                self.saved = schedule_deliberation(
                    user, proposal, **{name: data[name] for name in SCHEDULE_FIELDS}
                )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PollError as error:
            form.add_error(None, error.message)
        else:
            return True
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return False

    def save_instance(self):
        return self.saved


class DeliberationHistoryView(RefuseWith403Mixin, HistoryView):
    def get_base_object_queryset(self):
        return scoped_deliberations(self.request.user)


class DeliberationFilterSet(WagtailFilterSet):
    community = community_filter()
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DeliberationStatus.choices)

    class Meta:
        model = Deliberation
        fields = ["community", "status"]


class DeliberationIndexView(RefuseWith403Mixin, generic.IndexView):
    filterset_class = DeliberationFilterSet

    def get_base_queryset(self):
        return scoped_deliberations(self.request.user)

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("-proposed_at", "-pk")

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Title"), url_name=self.edit_url_name),
            Column("community", label=_("Community"), accessor="community.name"),
            Column("status", label=_("Status"), accessor="get_status_display"),
            Column("outcome", label=_("Outcome"), accessor="get_outcome_display"),
            DateColumn("proposed_at", label=_("Proposed"), sort_key="proposed_at"),
            DateColumn("voting_closes_at", label=_("Voting closes"), sort_key="voting_closes_at"),
        ]


class DeliberationViewSet(CommunityThingsViewSet):
    model = Deliberation
    name = NAMESPACE
    icon = "group"
    menu_label = _("Deliberations")
    index_view_class = DeliberationIndexView
    add_view_class = DeliberationCreateView
    history_view_class = DeliberationHistoryView
    form_fields = ["community", "title", "proposal", *SCHEDULE_FIELDS]
    search_fields = ["title"]

    def get_form_class(self, for_update=False):
        return EditorDeliberationForm

    def get_edit_route_view(self):
        # "edit" is the deliberation's page in the admin: its state and the forms of what
        # may be done now (schedule, decline, report progress).
        return DeliberationManageView.as_view()


viewset = DeliberationViewSet()
