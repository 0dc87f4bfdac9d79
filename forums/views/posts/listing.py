"""The column's listing (我有话说) and its form: say something, with photos, no JavaScript
needed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import urlencode
from django.utils.translation import gettext

from accounts.services.residency import verified_resident_ids
from forums.forms_posts import PostForm
from forums.models import PostIndexPage, PostKind
from forums.services.errors import ForumError
from forums.services.posts import PostStatus, listed_posts, post_status, submit_post
from governance.services import GovernanceError
from portal.forms import add_service_errors
from portal.ratelimit import client_ip
from themes.shortcuts import render_themed

from .common import community_or_404, post_page_url, refusal_for, say_url, with_retry_after

__all__ = ["PER_PAGE", "post_create", "post_list"]

PER_PAGE = 20


def _filter_links(base: str, kind: str, status: str) -> tuple[list[dict], list[dict]]:
    """Links of the kind and status filters, each keeping the other filter."""

    def link(**params) -> str:
        query = urlencode({k: v for k, v in params.items() if v})
        return f"{base}?{query}" if query else base

    kinds = [{"label": gettext("All kinds"), "url": link(status=status), "current": not kind}] + [
        {"label": label, "url": link(kind=value, status=status), "current": kind == value}
        for value, label in PostKind.choices
    ]
    statuses = [{"label": gettext("Any status"), "url": link(kind=kind), "current": not status}] + [
        {"label": label, "url": link(kind=kind, status=value), "current": status == value}
        for value, label in PostStatus.choices
    ]
    return kinds, statuses


def post_list(request: HttpRequest, page: PostIndexPage) -> HttpResponse:
    """A community's posts, newest first, filterable by kind and status (20 a page)."""
    community = community_or_404(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in PostKind.values else ""
    status = request.GET.get("status", "")
    status = status if status in PostStatus.values else ""
    posts = listed_posts(request.user, community, kind=kind, status=status)
    page_obj = Paginator(posts, PER_PAGE).get_page(request.GET.get("page"))
    items = list(page_obj.object_list)
    base = say_url(request, page)
    for post in items:
        post.page_url = post_page_url(base, post)
        post.list_status = post_status(post)
    kinds, statuses = _filter_links(base, kind, status)
    signed_in = request.user.is_authenticated
    filters = urlencode({k: v for k, v in (("kind", kind), ("status", status)) if v})
    return render_themed(
        request,
        "forums/posts/list.html",
        {
            "page": page,
            "page_obj": page_obj,
            "posts": items,
            "verified_ids": verified_resident_ids(community, {p.author_id for p in items}),
            "kind_links": kinds,
            "status_links": statuses,
            "filters": filters,
            "base_url": base,
            "new_url": f"{base}new/",
            "refusal": refusal_for(request, community) if signed_in else "",
            "login_url": f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': base + 'new/'})}",
        },
    )


# --- the form -------------------------------------------------------------------------------


def post_create(request: HttpRequest, page: PostIndexPage) -> HttpResponse:
    """Say something: a complaint (which becomes a governance event), a suggestion, a
    question or praise, with up to 6 photos. Works without JavaScript."""
    community = community_or_404(request)
    base = say_url(request, page)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = {"page": page, "base_url": base}
    refusal = refusal_for(request, community)
    if refusal:
        return render_themed(
            request, "forums/posts/form.html", {**context, "refusal": refusal}, status=403
        )
    error: ForumError | None = None
    if request.method == "POST":
        form = PostForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                post = submit_post(
                    request.user, community, kind=data["kind"], title=data["title"],
                    body=data["body"], category=data["category"], building=data["building"],
                    location=data["location"], public=data["public"], photos=data["photos"],
                    ip=client_ip(request),
                )  # fmt: skip
            except ValidationError as invalid:
                add_service_errors(form, invalid)
            except ForumError as refused:
                error = refused
            except GovernanceError as refused:  # the work network refused the report
                form.add_error(None, str(refused))
            else:
                if post.is_published:
                    messages.success(request, gettext("Thank you. Your post is published."))
                else:
                    messages.success(
                        request, gettext("Thank you. Your post waits for a moderator first.")
                    )
                return HttpResponseRedirect(post_page_url(base, post))
    else:
        form = PostForm()
    status = error.status if error else (400 if form.errors else None)
    response = render_themed(
        request,
        "forums/posts/form.html",
        {
            **context,
            "form": form,
            "error": error.message if error else "",
            # A browser never refills a file input: say so rather than let photos vanish.
            "photos_dropped": bool((form.errors or error) and request.FILES.getlist("photos")),
        },
        status=status,
    )
    return with_retry_after(response, error) if error else response
