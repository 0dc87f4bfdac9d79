"""The errors a governance action raises; each message is meant for the person who acted."""

from django.core.exceptions import PermissionDenied

__all__ = ["EventConflict", "GovernanceError", "NotAllowed", "TransitionError"]


class GovernanceError(Exception):
    """Base of the errors below; ``str(error)`` is a translated sentence for the user."""


class TransitionError(GovernanceError):
    """The action does not apply to the event in its current state, or its input is missing."""


class EventConflict(TransitionError):
    """Someone else changed the event between the moment it was shown and the action."""


class NotAllowed(GovernanceError, PermissionDenied):
    """The actor's role or area does not cover this event or this action."""
