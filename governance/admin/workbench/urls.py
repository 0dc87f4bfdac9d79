"""The workbench's admin URLs, in the "governance_workbench" namespace.

Wrapped in ``answer_403`` so that a refusal is a plain 403 rather than Wagtail's redirect to
the dashboard: the queues guard personal information and work in progress.
"""

from django.urls import path

from accounts.admin.roles import answer_403

from .event import EventView
from .queues import AllEventsView, DispatchQueueView, MyEventsView, OverdueView
from .report import ReportEventView

app_name = "governance_workbench"


def _listing(name: str, view) -> list:
    return [
        path(f"{name}/", answer_403(view.as_view()), name=name),
        path(
            f"{name}/results/", answer_403(view.as_view(results_only=True)), name=f"{name}_results"
        ),
    ]


urlpatterns = [
    *_listing("dispatch", DispatchQueueView),
    *_listing("mine", MyEventsView),
    *_listing("overdue", OverdueView),
    *_listing("events", AllEventsView),
    path("events/<int:pk>/", answer_403(EventView.as_view()), name="event"),
    path("report/", answer_403(ReportEventView.as_view()), name="report"),
]
