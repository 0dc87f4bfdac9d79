"""The columns of the workbench's queues: one event per row, what a dispatcher scans for."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from governance.models import Event

__all__ = ["DeadlineColumn", "event_url", "queue_columns", "supervision_columns"]

NAMESPACE = "governance_workbench"


def event_url(event: Event) -> str:
    return reverse(f"{NAMESPACE}:event", args=[event.pk])


def is_late(event: Event, now: datetime) -> bool:
    """Overdue (红牌): the scan said so, or the deadline passed before the scan came round."""
    deadline = getattr(event, "deadline", None)
    return event.is_overdue or (deadline is not None and deadline < now)


class DeadlineColumn(Column):
    """The earliest live deadline; "overdue" in words and with an icon, not by colour alone."""

    cell_template_name = "governance/admin/deadline_cell.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = timezone.now()

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = is_late(instance, self.now) if self.name == "deadline" else False
        return context


def _handler(event: Event) -> str:
    return event.handler.public_name if event.handler_id else ""


def queue_columns() -> list[Column]:
    """Reference, title, category, community, status, priority, reported, deadline, handler."""
    return [
        TitleColumn("reference", label=_("Reference"), sort_key="reference", get_url=event_url),
        Column("title", label=_("Title")),
        Column("category", label=_("Category"), accessor=lambda e: e.category.display_name),
        Column("community", label=_("Community"), accessor="community.name"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("priority", label=_("Priority"), accessor="get_priority_display"),
        DateColumn("reported_at", label=_("Reported"), sort_key="reported_at"),
        DeadlineColumn("deadline", label=_("Deadline"), sort_key="deadline"),
        Column("handler", label=_("Handler"), accessor=_handler),
    ]


def supervision_columns() -> list[Column]:
    """The supervisor's extra columns: which level chases the event (督办) and by when."""
    return [
        Column(
            "supervision_level",
            label=_("Supervised at"),
            accessor="get_supervision_level_display",
        ),
        DeadlineColumn("supervision_due", label=_("Supervision due"), sort_key="supervision_due"),
    ]
