from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from communities.directory import (
    MAX_QUERY_LENGTH,
    MAX_RESULTS,
    community_home_url,
    find_communities,
    printable,
)
from themes.shortcuts import render_themed


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not; for load balancers and probes.

    HEAD is allowed too: some load balancers probe with it.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def find_community(request: HttpRequest) -> HttpResponse:
    """Find my community (查找我的社区) by Chinese name or pinyin; works without JavaScript."""
    query = printable(request.GET.get("q", "")).strip()
    too_long = len(query) > MAX_QUERY_LENGTH
    results = [] if too_long or not query else find_communities(query, MAX_RESULTS + 1)
    return render_themed(
        request,
        "portal/find_community.html",
        {
            "query": query[:MAX_QUERY_LENGTH],
            "results": [(c, community_home_url(c, request)) for c in results[:MAX_RESULTS]],
            "truncated": len(results) > MAX_RESULTS,
            "too_long": too_long,
            "max_results": MAX_RESULTS,
            "max_query_length": MAX_QUERY_LENGTH,
        },
        # 400 tells a script the request was refused; a person reads the message on the page.
        status=400 if too_long else 200,
    )
