"""The governance work network's models."""

from .checkpoints import (
    OPEN_CHECKPOINT_STATES,
    Checkpoint,
    CheckpointStage,
    CheckpointState,
    Supervision,
    WorkingDayOverride,
)
from .events import (
    DISPATCH_STATES,
    FINAL_STATES,
    HANDLING_STATES,
    Event,
    EventCounter,
    EventPhoto,
    EventSource,
    EventStatus,
)
from .log import EventAction, EventLogEntry
from .taxonomy import (
    LEVEL_ORDER,
    Category,
    CategoryKind,
    Department,
    HandlingLevel,
    Priority,
    SlaUnit,
    level_above,
)

__all__ = [
    "DISPATCH_STATES",
    "FINAL_STATES",
    "HANDLING_STATES",
    "LEVEL_ORDER",
    "OPEN_CHECKPOINT_STATES",
    "Category",
    "CategoryKind",
    "Checkpoint",
    "CheckpointStage",
    "CheckpointState",
    "Department",
    "Event",
    "EventAction",
    "EventCounter",
    "EventLogEntry",
    "EventPhoto",
    "EventSource",
    "EventStatus",
    "HandlingLevel",
    "Priority",
    "SlaUnit",
    "Supervision",
    "WorkingDayOverride",
    "level_above",
]
