"""Sunshine deliberation (阳光议事): proposing, scheduling or declining, the discussion in the
forum, voting, counting, and what a pass leads to. Views, the admin and the background task
call these; none changes a deliberation any other way."""

from ._common import ACTIONS, NOTICE_KIND, PUBLIC_STATUSES, WrongState, deliberation_path
from .conclusion import (
    advance_deliberations,
    conclude_deliberation,
    outcome_of,
    result_line,
    update_action_item,
)
from .discussion import AFFAIRS_BOARD, comment_on_deliberation, discussion_board
from .proposals import (
    listed_deliberations,
    may_propose,
    propose_deliberation,
    reject_deliberation,
    schedule_deliberation,
    shown_deliberation,
)
from .voting import cast_deliberation_vote, deliberation_phase, has_voted, turnout

__all__ = [
    "ACTIONS",
    "AFFAIRS_BOARD",
    "NOTICE_KIND",
    "PUBLIC_STATUSES",
    "WrongState",
    "advance_deliberations",
    "cast_deliberation_vote",
    "comment_on_deliberation",
    "conclude_deliberation",
    "deliberation_path",
    "deliberation_phase",
    "discussion_board",
    "has_voted",
    "listed_deliberations",
    "may_propose",
    "outcome_of",
    "propose_deliberation",
    "reject_deliberation",
    "result_line",
    "schedule_deliberation",
    "shown_deliberation",
    "turnout",
    "update_action_item",
]
