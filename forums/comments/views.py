"""Posting a news comment (发表评论): the form is on the news page; this view takes it.

Success goes back to the page at the new comment, with a message. A refusal is a small
themed page with the reason and the text kept, at the refusal's status (400/403/429).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.models import NewsPage
from communities.scope import community_for_request
from portal.ratelimit import client_ip
from themes.shortcuts import render_themed

from ..services.errors import ForumError
from .forms import CommentForm
from .services import post_comment

__all__ = ["comment_post"]

TEMPLATE = "forums/comments/form.html"


def _news_page(request: HttpRequest, page_id: int) -> NewsPage:
    """The live, public news page ``page_id`` of the request's community; 404 otherwise
    (the city portal, another community's page, a draft or a private page)."""
    community = community_for_request(request)
    if community is None:
        raise Http404
    page = NewsPage.objects.live().public().filter(pk=page_id).first()
    url_parts = page.get_url_parts(request) if page is not None else None
    if url_parts is None or url_parts[0] != community.site_id:
        raise Http404
    return page


@require_POST
def comment_post(request: HttpRequest, page_id: int) -> HttpResponse:
    """POST a comment or a reply (``parent``) on a news page of this community."""
    page = _news_page(request, page_id)
    page_url = page.get_url(request)
    if not request.user.is_authenticated:
        # Back to the page after signing in: this URL only takes POSTs.
        return redirect_to_login(f"{page_url}#comment-form")
    form = CommentForm(request.POST)
    status, retry_after = 400, None
    if form.is_valid():
        try:
            comment = post_comment(
                request.user,
                page,
                form.cleaned_data["text"],
                parent=form.cleaned_data["parent"],
                ip=client_ip(request),
            )
        except ForumError as error:
            form.add_error(None, error.message)
            status = error.status
            retry_after = getattr(error, "retry_after", None)
        else:
            if comment.is_public:
                messages.success(request, _("Your comment is posted."))
            else:
                messages.info(
                    request,
                    _("Your comment waits for a moderator; others will see it once approved."),
                )
            return HttpResponseRedirect(f"{page_url}#c{comment.pk}")
    response = render_themed(
        request, TEMPLATE, {"news_page": page, "form": form, "page_url": page_url}, status=status
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
