"""The governance work network's operations (社会管理工作网): every change to an event.

Views, the admin workbench, the posts, forums and polls features and the periodic scan call
these functions; none of them changes an event any other way.
"""

from .checkpoints import ScanResult, check_event, scan_checkpoints
from .errors import EventConflict, GovernanceError, NotAllowed, TransitionError
from .feedback import (
    TimelineEntry,
    confirm_event,
    may_give_feedback,
    public_timeline,
    reopen_event,
)
from .lifecycle import (
    accept_event,
    add_note,
    dispatch_event,
    mark_duplicate,
    may_work_on,
    reject_event,
    resolve_event,
    return_event,
    start_handling,
)
from .reporting import MAX_PHOTOS, STAFF_SOURCES, report_event
from .routing import Routing, route

__all__ = [
    "MAX_PHOTOS",
    "STAFF_SOURCES",
    "EventConflict",
    "GovernanceError",
    "NotAllowed",
    "Routing",
    "ScanResult",
    "TimelineEntry",
    "TransitionError",
    "accept_event",
    "add_note",
    "check_event",
    "confirm_event",
    "dispatch_event",
    "mark_duplicate",
    "may_give_feedback",
    "may_work_on",
    "public_timeline",
    "reject_event",
    "reopen_event",
    "report_event",
    "resolve_event",
    "return_event",
    "route",
    "scan_checkpoints",
    "start_handling",
]
