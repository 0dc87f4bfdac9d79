"""A post's page (我有话说): what was said, its photos, the official reply or the event's
progress; and the POSTs made from it — the office's reply and 转为事件, the author's "is it
settled?" answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from forums.forms_posts import AnswerForm, ConvertForm
from forums.models import Post, PostIndexPage, PostKind, PostPhoto
from forums.services.access import may_answer
from forums.services.errors import ForumError
from forums.services.posts import answer_post, convert_to_complaint, post_status
from governance.forms import FeedbackForm
from governance.models import EventStatus
from governance.services import (
    GovernanceError,
    NotAllowed,
    TransitionError,
    may_give_feedback,
)
from governance.views.public import answer_feedback
from portal.uploads import private_photo_response
from themes.shortcuts import render_themed

from .common import community_or_404, post_page_url, say_url, visible_post

__all__ = ["post_answer", "post_convert", "post_detail", "post_feedback", "post_photo"]

ANSWERED_KINDS = (PostKind.SUGGESTION, PostKind.CONSULTATION)


def _detail(
    request: HttpRequest,
    page: PostIndexPage,
    post: Post,
    *,
    answer_form: AnswerForm | None = None,
    convert_form: ConvertForm | None = None,
    feedback_form: FeedbackForm | None = None,
    error: str = "",
    status: int | None = None,
) -> HttpResponse:
    user, community, event = request.user, post.community, post.event
    base = say_url(request, page)
    staff = may_answer(user, community)
    asks_feedback = (
        event is not None
        and event.status == EventStatus.RESOLVED
        and may_give_feedback(user, event)
    )
    if asks_feedback and feedback_form is None:
        feedback_form = FeedbackForm(initial={"seen_status": event.status})
    if staff and post.kind in ANSWERED_KINDS:
        answer_form = answer_form or AnswerForm(
            prefix="answer", initial={"text": post.official_reply}
        )
    else:
        answer_form = None
    if staff and post.kind == PostKind.CONSULTATION and event is None:
        convert_form = convert_form or ConvertForm(prefix="convert")
    else:
        convert_form = None
    is_author = user.is_authenticated and post.author_id == user.pk
    return render_themed(
        request,
        "forums/posts/detail.html",
        {
            "page": page,
            "post": post,
            "post_url": post_page_url(base, post),
            "base_url": base,
            "photos": list(post.photos.all()),
            "post_status": post_status(post),
            "is_author": is_author,
            "hidden_note": is_author and not post.is_published,
            "feedback_form": feedback_form if asks_feedback else None,
            "answer_form": answer_form,
            "convert_form": convert_form,
            "error": error,
        },
        status=status,
    )


def post_detail(request: HttpRequest, page: PostIndexPage, post_id: int) -> HttpResponse:
    """A post: what was said, its photos, the official reply or the event's progress."""
    community = community_or_404(request)
    return _detail(request, page, visible_post(request, community, post_id))


@require_POST
def post_answer(request: HttpRequest, page: PostIndexPage, post_id: int) -> HttpResponse:
    """The community office's official reply (官方回复) to a suggestion or question."""
    community = community_or_404(request)
    post = visible_post(request, community, post_id)
    form = AnswerForm(request.POST, prefix="answer")
    if not may_answer(request.user, community):
        error = gettext("Only the community office can reply officially.")
        return _detail(request, page, post, error=error, status=403)
    if not form.is_valid():
        return _detail(request, page, post, answer_form=form, status=400)
    try:
        answer_post(request.user, post, form.cleaned_data["text"])
    except ValidationError as invalid:
        form.add_error("text" if hasattr(invalid, "error_dict") else None, invalid.messages)
        return _detail(request, page, post, answer_form=form, status=400)
    except ForumError as refused:
        return _detail(
            request, page, post, answer_form=form, error=refused.message, status=refused.status
        )
    messages.success(request, gettext("The official reply is published; the author is told."))
    return HttpResponseRedirect(post_page_url(say_url(request, page), post))


@require_POST
def post_convert(request: HttpRequest, page: PostIndexPage, post_id: int) -> HttpResponse:
    """Turn a question into a complaint (转为事件), reported to the work network."""
    community = community_or_404(request)
    post = visible_post(request, community, post_id)
    form = ConvertForm(request.POST, prefix="convert")
    if not may_answer(request.user, community):
        error = gettext("Only the community office can turn a question into a complaint.")
        return _detail(request, page, post, error=error, status=403)
    if not form.is_valid():
        return _detail(request, page, post, convert_form=form, status=400)
    try:
        convert_to_complaint(request.user, post, form.cleaned_data["category"])
    except ValidationError as invalid:
        form.add_error(None, invalid.messages)
        return _detail(request, page, post, convert_form=form, status=400)
    except (ForumError, GovernanceError) as refused:
        message = refused.message if isinstance(refused, ForumError) else str(refused)
        status = refused.status if isinstance(refused, ForumError) else 400
        post = visible_post(request, community, post_id)
        return _detail(request, page, post, error=message, status=status)
    messages.success(
        request,
        gettext("The question is now complaint %(reference)s; the author is told.")
        % {"reference": post.event.reference},
    )
    return HttpResponseRedirect(post_page_url(say_url(request, page), post))


@require_POST
def post_feedback(request: HttpRequest, page: PostIndexPage, post_id: int) -> HttpResponse:
    """The author's answer to "resolved" on their own post: confirm and rate (案结事了), or
    reopen with a reason. The same rules as the event's page (``governance.views.public``)."""
    community = community_or_404(request)
    post = visible_post(request, community, post_id)
    event = post.event
    if event is None or not may_give_feedback(request.user, event):
        error = gettext("Only the person who reported this matter can say whether it is settled.")
        return _detail(request, page, post, error=error, status=403)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _detail(request, page, post, feedback_form=form, status=400)
    try:
        done = answer_feedback(event, request.user, form.cleaned_data)
    except NotAllowed as refused:
        post = visible_post(request, community, post_id)
        return _detail(request, page, post, error=str(refused), status=403)
    except TransitionError as refused:
        # EventConflict included: nothing was changed; show the event as it is now.
        post = visible_post(request, community, post_id)
        return _detail(request, page, post, feedback_form=form, error=str(refused), status=400)
    messages.success(request, done)
    return HttpResponseRedirect(post_page_url(say_url(request, page), post))


def post_photo(
    request: HttpRequest, page: PostIndexPage, post_id: int, photo_id: int
) -> FileResponse:
    """A post's photo, to those who may see the post: the only door to these files."""
    community = community_or_404(request)
    post = visible_post(request, community, post_id)
    photo = PostPhoto.objects.filter(post=post, pk=photo_id).first()
    if photo is None:
        raise Http404
    return private_photo_response(photo.image)
