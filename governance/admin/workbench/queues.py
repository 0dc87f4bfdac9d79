"""The workbench's queues (工作台): dispatch queue, my events, overdue list, all events.

Each is a Wagtail listing of the events in the user's scope that wait for their role. A user
without that role gets a 403; the listings never widen the scope, they only narrow it.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from governance.models import Category, Department, Event, EventSource, EventStatus
from governance.scope import events_in_scope

from .access import (
    dispatch_queue,
    handling_queue,
    is_dispatcher,
    is_governance_staff,
    is_handler,
    is_supervisor,
    listed,
    overdue_queue,
)
from .columns import NAMESPACE, queue_columns, supervision_columns

__all__ = ["AllEventsView", "DispatchQueueView", "MyEventsView", "OverdueView"]

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class QueueFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EventStatus.choices)
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.order_by("kind", "sort_order", "code")
    )
    # A text filter, not a list: the city has hundreds of communities (name, pinyin, initials).
    community = django_filters.CharFilter(
        label=_("Community"), method="filter_community", max_length=50
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=YES_NO, method="filter_overdue"
    )

    class Meta:
        model = Event
        fields = []

    def filter_community(self, queryset: QuerySet[Event], name: str, value: str):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(community__name__icontains=value)
            | Q(community__pinyin__icontains=value)
            | Q(community__initials__iexact=value)
        )

    def filter_overdue(self, queryset: QuerySet[Event], name: str, value: str):
        return queryset.filter(is_overdue=value == "yes") if value else queryset


class MyEventsFilterSet(QueueFilterSet):
    assigned = django_filters.ChoiceFilter(
        label=_("Handler"),
        choices=[("me", _("Assigned to me"))],
        empty_label=_("Anyone in my units"),
        method="filter_assigned",
    )

    def filter_assigned(self, queryset: QuerySet[Event], name: str, value: str):
        return queryset.filter(handler=self.request.user) if value == "me" else queryset


class AllEventsFilterSet(QueueFilterSet):
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.all()
    )
    source = django_filters.ChoiceFilter(label=_("Source"), choices=EventSource.choices)
    reported = django_filters.DateFromToRangeFilter(
        label=_("Reported between"), field_name="reported_at", widget=DateRangePickerWidget
    )


class QueueView(generic.IndexView):
    """A listing of events; subclasses say who may open it and which events it holds."""

    model = Event
    # Rights come from governance roles (RoleGrant), not from model permissions.
    permission_policy = None
    any_permission_required = None
    filterset_class = QueueFilterSet
    search_fields = ["reference", "title"]
    search_backend_name = None  # plain ORM lookups
    paginate_by = 50
    default_ordering = "deadline"
    header_icon = "tasks"
    url_name = ""

    def allowed(self, user) -> bool:
        raise NotImplementedError

    def queue(self, user) -> QuerySet[Event]:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def index_url_name(self) -> str:
        return f"{NAMESPACE}:{self.url_name}"

    @property
    def index_results_url_name(self) -> str:
        return f"{NAMESPACE}:{self.url_name}_results"

    def get_base_queryset(self):
        return listed(self.queue(self.request.user))

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        field = ordering.lstrip("-")
        if field in ("deadline", "supervision_due"):
            # Events without a live deadline last, whichever way; ties: the oldest report first.
            expression = (
                F(field).desc(nulls_last=True)
                if ordering.startswith("-")
                else (F(field).asc(nulls_last=True))
            )
            return queryset.order_by(expression, "reported_at", "pk")
        return queryset.order_by(ordering, "-pk")

    @cached_property
    def columns(self):
        return queue_columns()

    @cached_property
    def header_buttons(self):
        if not is_dispatcher(self.request.user):
            return []
        return [
            HeaderButton(_("Report an event"), url=reverse(f"{NAMESPACE}:report"), icon_name="plus")
        ]


class DispatchQueueView(QueueView):
    """分流台: reported, accepted and returned events of the user's dispatch centres."""

    page_title = _("Dispatch queue")
    url_name = "dispatch"

    def allowed(self, user) -> bool:
        return is_dispatcher(user)

    def queue(self, user) -> QuerySet[Event]:
        return dispatch_queue(user)


class MyEventsView(QueueView):
    """处置台: events of the user's department units waiting to be handled."""

    page_title = _("My events")
    url_name = "mine"
    filterset_class = MyEventsFilterSet

    def allowed(self, user) -> bool:
        return is_handler(user)

    def queue(self, user) -> QuerySet[Event]:
        return handling_queue(user)

    @cached_property
    def header_buttons(self):
        mine = self.request.GET.get("assigned") == "me"
        url = reverse(self.index_url_name)
        return [
            HeaderButton(
                _("Show all of my units' events") if mine else _("Show only those assigned to me"),
                url=url if mine else f"{url}?assigned=me",
                icon_name="user",
            )
        ]


class OverdueView(QueueView):
    """督办台: overdue events (红牌) in the supervisor's area, with the open supervision."""

    page_title = _("Overdue")
    url_name = "overdue"
    default_ordering = "supervision_due"

    def allowed(self, user) -> bool:
        return is_supervisor(user)

    def queue(self, user) -> QuerySet[Event]:
        return overdue_queue(user)

    @cached_property
    def columns(self):
        return [*queue_columns(), *supervision_columns()]


class AllEventsView(QueueView):
    """Every event in the user's scope, newest first, with the full set of filters."""

    page_title = _("All events")
    url_name = "events"
    filterset_class = AllEventsFilterSet
    default_ordering = "-reported_at"

    def allowed(self, user) -> bool:
        return is_governance_staff(user)

    def queue(self, user) -> QuerySet[Event]:
        return events_in_scope(user)
