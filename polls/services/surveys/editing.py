"""What editors may do with a community's opinion polls (民意调查) and the rules their
changes follow: a sound voting window, sound questions, and nothing that would change the
meaning of answers already given. Publishing and exports are written to the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from accounts.models import User
from polls.models import QuestionKind, Survey, SurveyResponse

__all__ = [
    "EXPORT_ACTION",
    "LOG_ACTIONS",
    "PUBLISH_ACTION",
    "UNPUBLISH_ACTION",
    "check_locked_changes",
    "questions_locked",
    "record_export",
    "record_publication",
    "validate_question",
    "validate_window",
]

Someone = User | AnonymousUser | None

PUBLISH_ACTION = "jiayuan.poll_survey_publish"
UNPUBLISH_ACTION = "jiayuan.poll_survey_unpublish"
EXPORT_ACTION = "jiayuan.poll_survey_export"
# action → label in Wagtail's history reports (registered in polls/hooks/surveys.py).
LOG_ACTIONS = {
    PUBLISH_ACTION: gettext_lazy("Publish opinion poll"),
    UNPUBLISH_ACTION: gettext_lazy("Unpublish opinion poll"),
    EXPORT_ACTION: gettext_lazy("Download opinion poll answers"),
}


def questions_locked(survey: Survey) -> bool:
    """Once anyone has answered, the questions stay as they were answered."""
    return survey.pk is not None and SurveyResponse.objects.filter(survey_id=survey.pk).exists()


def validate_window(opens_at: datetime | None, closes_at: datetime | None) -> None:
    """Raise ``ValidationError`` on ``closes_at`` unless it comes after ``opens_at``."""
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise ValidationError(
            {"closes_at": _("The poll must close after it opens.")}, code="closes_before_opens"
        )


def validate_question(kind: str, choices: Sequence[str], max_choices: int | None) -> None:
    """Raise ``ValidationError`` (keyed "choices" / "max_choices") unless a choice question
    has at least two distinct choices and a sensible "at most"."""
    errors: dict[str, str] = {}
    if kind == QuestionKind.TEXT:
        if choices:
            errors["choices"] = _("A free-text question has no choices: leave them empty.")
        if max_choices:
            errors["max_choices"] = _("“At most” is for questions with several choices.")
    else:
        if len(choices) < 2:
            errors["choices"] = _("Give at least two choices, one per line.")
        elif len(set(choices)) != len(choices):
            errors["choices"] = _("Each choice must be different.")
        if kind == QuestionKind.SINGLE and max_choices not in (None, 1):
            errors["max_choices"] = _("A one-choice question allows one answer: leave it empty.")
        elif (
            kind == QuestionKind.MULTIPLE
            and max_choices is not None
            and len(choices) >= 2
            and not 1 <= max_choices <= len(choices)
        ):
            errors["max_choices"] = _(
                "“At most” must be between 1 and the number of choices (%(count)d)."
            ) % {"count": len(choices)}
    if errors:
        raise ValidationError(errors, code="invalid_question")


def _to_the_minute(moment: datetime) -> datetime:
    # The admin's date-time fields show minutes: seconds set elsewhere are not a change.
    return moment.replace(second=0, microsecond=0)


def check_locked_changes(
    survey: Survey,
    *,
    opens_at: datetime,
    closes_at: datetime,
    who_may_answer: str,
    questions_changed: bool,
) -> None:
    """Raise ``ValidationError`` when an answered poll would change what people answered:
    its questions, its opening time, who may answer, or a closing time before the latest
    answer. Title, introduction, publishing and a later (or earlier) close stay editable."""
    if survey.pk is None:
        return
    latest = (
        SurveyResponse.objects.filter(survey_id=survey.pk)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    if latest is None:
        return
    errors: dict[str, str] = {}
    if questions_changed:
        errors["__all__"] = _(
            "People have already answered this poll, so its questions can no longer change. "
            "You may still change the title, the introduction and the closing time."
        )
    if _to_the_minute(opens_at) != _to_the_minute(survey.opens_at):
        errors["opens_at"] = _(
            "People have already answered: the opening time can no longer change."
        )
    if who_may_answer != survey.who_may_answer:
        errors["who_may_answer"] = _(
            "People have already answered: who may take part can no longer change."
        )
    if closes_at <= latest:
        errors["closes_at"] = _(
            "The last answer came on %(when)s: the poll cannot close before that."
        ) % {"when": date_format(timezone.localtime(latest), "DATETIME_FORMAT")}
    if errors:
        raise ValidationError(errors, code="answered")


def record_publication(user: Someone, survey: Survey, *, was_published: bool) -> None:
    """Log publishing or unpublishing when the flag changed (creating is logged by Wagtail)."""
    if survey.is_published == was_published:
        return
    action = PUBLISH_ACTION if survey.is_published else UNPUBLISH_ACTION
    log(survey, action, user=user, data={"community": survey.community_id})


def record_export(user: Someone, survey: Survey, kind: str) -> None:
    """Log that ``user`` downloaded ``kind`` ("responses" or "results") of ``survey``."""
    log(survey, EXPORT_ACTION, user=user, data={"kind": kind, "community": survey.community_id})
