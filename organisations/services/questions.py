"""Residents' public questions to social organisations and their public answers (公众质询).

A signed-in resident asks an organisation a question (optionally about one of its published
disclosures); the organisation's staff answer it in public and the asker is notified. Staff of
the organisation or a civil-affairs reviewer may hide a question (off-topic, abusive, personal
information): it is kept, not shown. Bodies are stored as typed and sanitised on display
(``|user_text``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from notifications.services import notify
from organisations.models import (
    Disclosure,
    DisclosureStatus,
    Organisation,
    OrganisationQuestion,
)
from organisations.services.access import acts_for, require_acts_for, reviews_disclosures
from portal.ratelimit import consume
from portal.usertext import excerpt

if TYPE_CHECKING:
    from accounts.models import User

__all__ = [
    "ANSWER_ACTION",
    "ANSWER_MAX_LENGTH",
    "ANSWER_NOTIFICATION_KIND",
    "HIDE_ACTION",
    "QUESTION_MAX_LENGTH",
    "QUESTION_MIN_LENGTH",
    "RATE_ACTION",
    "QuestionRateLimited",
    "answer_question",
    "ask_question",
    "export_questions",
    "hide_question",
    "may_hide",
    "public_questions",
]

QUESTION_MIN_LENGTH = 5
QUESTION_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 4000
# A public question counts against the same budget as a forum post ("post" in RATE_LIMITS).
RATE_ACTION = "post"
ANSWER_NOTIFICATION_KIND = "organisation_answers"
ANSWER_ACTION = "jiayuan.organisation_question_answer"
HIDE_ACTION = "jiayuan.organisation_question_hide"


class QuestionRateLimited(ValidationError):
    """Too many questions (and posts) in a short time; ``retry_after`` seconds to wait."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, code="rate_limited")
        self.retry_after = retry_after


def _signed_in(user: User | AnonymousUser | None) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "deleted_at", None) is None
    )


def _clean_body(body: str | None) -> str:
    text = (body or "").strip()
    if len(text) < QUESTION_MIN_LENGTH:
        raise ValidationError(
            {
                "body": _("Write your question in at least %(count)d characters.")
                % {"count": QUESTION_MIN_LENGTH}
            },
            code="too_short",
        )
    if len(text) > QUESTION_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("Keep your question under %(count)d characters (it has %(length)d).")
                % {"count": QUESTION_MAX_LENGTH, "length": len(text)}
            },
            code="too_long",
        )
    return text


def ask_question(
    user: User | AnonymousUser | None,
    organisation: Organisation,
    body: str,
    disclosure: Disclosure | None = None,
    *,
    ip: str = "",
) -> OrganisationQuestion:
    """A signed-in resident asks ``organisation`` a public question (提问), optionally about
    one of its published disclosures.

    ``PermissionDenied`` when not signed in (or the account is disabled); ``ValidationError``
    (keyed ``body`` or ``disclosure``) for a text that is too short or too long, a disclosure
    that is not this organisation's published one, or a deregistered organisation;
    ``QuestionRateLimited`` when asking too often. Nothing is saved on any error.
    """
    if not _signed_in(user):
        raise PermissionDenied(_("Sign in to ask a question."))
    text = _clean_body(body)
    if not organisation.is_active:
        raise ValidationError(
            _("This organisation is deregistered: it no longer answers questions."),
            code="deregistered",
        )
    if disclosure is not None and (
        disclosure.organisation_id != organisation.pk
        or disclosure.status != DisclosureStatus.PUBLISHED
    ):
        raise ValidationError(
            {"disclosure": _("Ask about one of this organisation's published disclosures.")},
            code="invalid_disclosure",
        )
    wait = consume(RATE_ACTION, user_id=user.pk, ip=ip)
    if wait:
        raise QuestionRateLimited(
            _("You are doing that too often. Please wait about %(minutes)d minute(s).")
            % {"minutes": max(1, round(wait / 60))},
            retry_after=wait,
        )
    with transaction.atomic():
        return OrganisationQuestion.objects.create(
            organisation=organisation, disclosure=disclosure, author=user, body=text
        )


def may_hide(user: User | AnonymousUser | None, organisation: Organisation) -> bool:
    """Whether ``user`` may hide questions to ``organisation``: its staff or a reviewer."""
    if not _signed_in(user):
        return False
    return acts_for(user, organisation) or reviews_disclosures(user)


def _tell_asker(question: OrganisationQuestion, answer: str) -> None:
    """Notify the asker, in the site's default language (the staff may use the admin in
    English; the link must not lead the resident to /en/)."""
    organisation = question.organisation
    with translation.override(settings.LANGUAGE_CODE):
        url = reverse("social_organisations:detail", args=[organisation.pk])
        notify(
            question.author,
            ANSWER_NOTIFICATION_KIND,
            _("%(organisation)s answered your question") % {"organisation": organisation.name},
            excerpt(answer, 200),
            f"{url}#question-{question.pk}",
        )


def answer_question(
    staff: User, question: OrganisationQuestion, answer: str
) -> OrganisationQuestion:
    """The organisation answers ``question`` in public (公开答复) and the asker is told.

    Only someone acting for the question's organisation may (``PermissionDenied``). An empty
    or overlong answer, or a hidden question, raises ``ValidationError`` (keyed ``answer``).
    Answering again corrects the answer; the asker is notified only the first time.
    """

    if not _signed_in(staff):
        raise PermissionDenied(_("Sign in to answer."))
    require_acts_for(staff, question.organisation)
    text = (answer or "").strip()
    if not text:
        raise ValidationError({"answer": _("Write the answer.")}, code="required")
    if len(text) > ANSWER_MAX_LENGTH:
        raise ValidationError(
            {
                "answer": _("Keep the answer under %(count)d characters (it has %(length)d).")
                % {"count": ANSWER_MAX_LENGTH, "length": len(text)}
            },
            code="too_long",
        )
    with transaction.atomic():
        locked = (
            OrganisationQuestion.objects.select_for_update(of=("self",))
            .select_related("organisation", "author")
            .get(pk=question.pk)
        )
        if locked.is_hidden:
            raise ValidationError(
                {"answer": _("This question is hidden: it is not answered in public.")},
                code="hidden",
            )
        first_answer = locked.answered_at is None
        locked.answer = text
        locked.answered_at = timezone.now()
        locked.answered_by = staff
        locked.save(update_fields=["answer", "answered_at", "answered_by"])
        log(
            instance=locked,
            action=ANSWER_ACTION,
            user=staff,
            data={"organisation": locked.organisation_id, "first": first_answer},
        )
        if first_answer:
            _tell_asker(locked, text)
    question.answer, question.answered_at = locked.answer, locked.answered_at
    question.answered_by = staff
    return locked


def hide_question(staff: User, question: OrganisationQuestion) -> OrganisationQuestion:
    """Hide ``question`` from the public (隐藏): staff of its organisation or a civil-affairs
    reviewer only (``PermissionDenied`` otherwise). Hiding a hidden question changes nothing."""
    if not may_hide(staff, question.organisation):
        raise PermissionDenied(_("Only the organisation or a civil-affairs reviewer may hide it."))
    with transaction.atomic():
        locked = OrganisationQuestion.objects.select_for_update().get(pk=question.pk)
        if not locked.is_hidden:
            locked.is_hidden = True
            locked.save(update_fields=["is_hidden"])
            log(
                instance=locked,
                action=HIDE_ACTION,
                user=staff,
                data={"organisation": locked.organisation_id},
            )
    question.is_hidden = True
    return locked


def public_questions(organisation: Organisation) -> QuerySet[OrganisationQuestion]:
    """The questions to ``organisation`` anyone may read, newest first (hidden ones left out),
    with their authors and disclosures fetched in the same query."""
    return (
        OrganisationQuestion.objects.filter(organisation=organisation, is_hidden=False)
        .select_related("author", "disclosure")
        .order_by("-created_at", "-pk")
    )


def export_questions(user: User) -> list[dict]:
    """The questions ``user`` asked organisations, with their answers: their section of the
    personal-data export (个人信息导出)."""
    return [
        {
            "organisation": question.organisation.name,
            "asked_at": question.created_at,
            "question": question.body,
            "answer": question.answer,
            "answered_at": question.answered_at,
            "hidden": question.is_hidden,
        }
        for question in OrganisationQuestion.objects.filter(author=user)
        .select_related("organisation")
        .order_by("created_at", "pk")
    ]
