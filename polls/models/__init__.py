from .deliberations import (
    ActionItem,
    ActionStatus,
    Deliberation,
    DeliberationStatus,
    DeliberationVote,
    Outcome,
    OutcomeKind,
    Position,
)
from .elections import Ballot, Candidate, Election, ElectionResult, VoterRollEntry
from .pages import PollIndexPage
from .surveys import Answer, Question, QuestionKind, ResultsShown, Survey, SurveyResponse

__all__ = [
    "ActionItem",
    "ActionStatus",
    "Answer",
    "Ballot",
    "Candidate",
    "Deliberation",
    "DeliberationStatus",
    "DeliberationVote",
    "Election",
    "ElectionResult",
    "Outcome",
    "OutcomeKind",
    "PollIndexPage",
    "Position",
    "Question",
    "QuestionKind",
    "ResultsShown",
    "Survey",
    "SurveyResponse",
    "VoterRollEntry",
]
