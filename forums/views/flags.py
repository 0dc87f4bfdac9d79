"""The report page (举报): a signed-in visitor tells the moderators what is wrong with a topic,
reply, post or comment of this community's site; enough reports hide it until they decide."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import User
from communities.models import Community
from communities.scope import community_for_request
from forums.models import FlagReason, ModeratedContent, Post, Reply, Topic, Visibility
from forums.services.access import posts_shown_q, shown_q
from forums.services.errors import ForumError, RateLimited
from forums.services.moderation import (
    DETAIL_MAX_LENGTH,
    already_reported,
    author_of,
    community_of,
    container_url,
    flag_item,
    item_url,
    kind_label,
    model_for,
    visibility_of,
)
from portal.ratelimit import client_ip
from themes.shortcuts import render_themed

__all__ = ["FlagForm", "report"]

TEMPLATE = "forums/report.html"


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why are you reporting it?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose why you are reporting it.")},
    )
    detail = forms.CharField(
        label=gettext_lazy("Details"),
        required=False,
        max_length=DETAIL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Anything the moderators should know. Only they read it."),
    )


def _visible(item, user: User, community: Community) -> bool:
    """Whether the reporter sees the item on the site (what they cannot see, they cannot
    report: no guessing of hidden items by number)."""
    if isinstance(item, Topic):
        return Topic.objects.filter(shown_q(user), pk=item.pk).exists()
    if isinstance(item, Reply):
        return (
            Reply.objects.filter(shown_q(user), shown_q(user, "topic__"), pk=item.pk).exists()
        )  # fmt: skip
    if isinstance(item, Post):
        return Post.objects.filter(posts_shown_q(user, community), pk=item.pk).exists()
    author = author_of(item)
    return visibility_of(item) == Visibility.PUBLISHED or (author and author.pk == user.pk)


def _community_id(item) -> int | None:
    try:
        return community_of(item).pk
    except ObjectDoesNotExist:  # a comment whose news page is gone
        return None


def _item(kind: str, pk: int, request: HttpRequest, community: Community):
    model = model_for(kind)
    if model is None:
        raise Http404
    queryset = model._default_manager.all()
    if issubclass(model, ModeratedContent):
        queryset = queryset.filter(community=community).select_related("community", "author")
    item = queryset.filter(pk=pk).first()
    if item is None or _community_id(item) != community.pk:
        raise Http404
    if not _visible(item, request.user, community):
        raise Http404
    return item


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """GET: the item's excerpt and the form; POST: report it, then back to the item."""
    community = community_for_request(request)
    if community is None:
        raise Http404  # reports belong to a community's site
    item = _item(kind, pk, request, community)
    context = {
        "item": item,
        "kind": kind,
        "kind_label": kind_label(kind),
        "item_author": author_of(item),
        "item_url": item_url(item, request),
        "title": getattr(item, "title", ""),
        "body": item.body if isinstance(item, ModeratedContent) else item.comment,
    }
    author = author_of(item)
    if author is not None and author.pk == request.user.pk:
        context["refusal"] = _("You cannot report what you wrote yourself.")
        return render_themed(request, TEMPLATE, context, status=403)
    if request.method == "GET":
        if already_reported(request.user, item) is not None:
            context["refusal"] = _(
                "You have already reported this. Thank you: a moderator will look at it."
            )
        context["form"] = FlagForm()
        return render_themed(request, TEMPLATE, context)
    form = FlagForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render_themed(request, TEMPLATE, context, status=400)
    try:
        flag_item(
            request.user,
            item,
            form.cleaned_data["reason"],
            form.cleaned_data["detail"],
            ip=client_ip(request),
        )
    except ForumError as error:
        context["error"] = error.message
        response = render_themed(request, TEMPLATE, context, status=error.status)
        if isinstance(error, RateLimited):
            response["Retry-After"] = str(error.retry_after)
        return response
    if visibility_of(item) == Visibility.PUBLISHED:
        messages.success(request, _("Thank you for your report. A moderator will look at it."))
        return HttpResponseRedirect(context["item_url"] or container_url(item, request))
    messages.success(
        request,
        _("Thank you for your report. It is hidden until a moderator has looked at it."),
    )
    return HttpResponseRedirect(container_url(item, request) or "/")
