"""Opinion polls (民意调查): answering once, the results, the editors' exports and checks.

Split by concern: ``answering`` (who may answer, submitting), ``results`` (counts, who sees
them, the public list), ``export`` (CSV for editors), ``editing`` (the admin's rules).
"""

from .answering import (
    TEXT_LIMIT,
    answering_refusal,
    clean_answers,
    has_answered,
    shown_survey,
    submit_response,
)
from .editing import (
    EXPORT_ACTION,
    LOG_ACTIONS,
    PUBLISH_ACTION,
    UNPUBLISH_ACTION,
    check_locked_changes,
    questions_locked,
    record_export,
    record_publication,
    validate_question,
    validate_window,
)
from .export import export_responses_csv, export_results_csv
from .results import (
    ChoiceResult,
    QuestionResult,
    SurveyResults,
    listed_surveys,
    results_visible,
    survey_results,
)

__all__ = [
    "EXPORT_ACTION",
    "LOG_ACTIONS",
    "PUBLISH_ACTION",
    "TEXT_LIMIT",
    "UNPUBLISH_ACTION",
    "ChoiceResult",
    "QuestionResult",
    "SurveyResults",
    "answering_refusal",
    "check_locked_changes",
    "clean_answers",
    "export_responses_csv",
    "export_results_csv",
    "has_answered",
    "listed_surveys",
    "questions_locked",
    "record_export",
    "record_publication",
    "results_visible",
    "shown_survey",
    "submit_response",
    "survey_results",
    "validate_question",
    "validate_window",
]
