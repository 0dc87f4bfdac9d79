"""Community elections (民主选举) with a secret ballot (无记名投票).

Casting records *that* someone voted (the voter roll) apart from *what* was voted (a ballot
with no voter, no time and a random id); the published result carries a SHA-256 checksum over
the ballots so anyone can check later that the count was not altered.
"""

from .editing import ElectionLocked, check_editable, lock_for_edit
from .results import (
    ResultRefused,
    ballot_checksum,
    ballots_text,
    publish_due_results,
    publish_result,
    result_of,
    verify_result,
)
from .voting import cast_ballot, check_may_vote, has_voted, listed_elections, turnout

__all__ = [
    "ElectionLocked",
    "ResultRefused",
    "ballot_checksum",
    "ballots_text",
    "cast_ballot",
    "check_editable",
    "check_may_vote",
    "has_voted",
    "listed_elections",
    "lock_for_edit",
    "publish_due_results",
    "publish_result",
    "result_of",
    "turnout",
    "verify_result",
]
