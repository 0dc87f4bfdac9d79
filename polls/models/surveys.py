"""Opinion polls (民意调查): several questions, answered once per person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from .common import Participation, VotingWindow

__all__ = ["Answer", "Question", "QuestionKind", "ResultsShown", "Survey", "SurveyResponse"]


class ResultsShown(models.TextChoices):
    LIVE = "live", _("While the poll is open")
    AFTER_CLOSE = "after_close", _("Only after it closes")


class Survey(VotingWindow, ClusterableModel):
    """An opinion poll (民意调查) of a community."""

    intro = models.TextField(_("introduction"), max_length=4000, blank=True)
    who_may_answer = models.CharField(
        _("who may take part"),
        max_length=12,
        choices=Participation.choices,
        default=Participation.RESIDENTS,
    )
    results_shown = models.CharField(
        _("results shown"),
        max_length=12,
        choices=ResultsShown.choices,
        default=ResultsShown.AFTER_CLOSE,
    )

    class Meta:
        verbose_name = _("opinion poll")
        verbose_name_plural = _("opinion polls")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["community", "-opens_at"], name="survey_community_opens")]


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    TEXT = "text", _("Free text")


class Question(Orderable):
    """One question of a survey; its choices are a list of labels, answered by index."""

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    choices = models.JSONField(_("choices"), default=list, blank=True)
    max_choices = models.PositiveSmallIntegerField(
        _("at most"),
        null=True,
        blank=True,
        help_text=_("Several choices only: how many one person may tick (empty: any number)."),
    )
    required = models.BooleanField(_("must be answered"), default=True)

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):  # noqa: DJ008
    """That ``respondent`` answered ``survey``: once per person (the constraint guarantees it,
    even under concurrent submissions)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="survey_responses"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("poll response")
        verbose_name_plural = _("poll responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"], name="survey_answered_once")
        ]


class Answer(models.Model):  # noqa: DJ008
    """One ticked choice (``choice``, an index into the question's choices) or one free text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(max_length=2000, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "choice"], name="answer_question_choice")]
