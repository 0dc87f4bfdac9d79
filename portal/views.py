from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from communities.directory import MAX_RESULTS, find_communities
from themes.resolution import template_names_for

MAX_QUERY_LENGTH = 50


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not; for load balancers and probes."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def find_community(request: HttpRequest) -> HttpResponse:
    """Find my community (查找我的社区) by Chinese name or pinyin; works without JavaScript."""
    query = request.GET.get("q", "").strip()
    error = ""
    results = []
    if len(query) > MAX_QUERY_LENGTH:
        error = "too_long"
    elif query:
        results = find_communities(query)
    entries = [(community, community.get_url(request)) for community in results]
    return TemplateResponse(
        request,
        template_names_for(request, "portal/find_community.html"),
        {
            "query": query[:MAX_QUERY_LENGTH],
            "results": entries,
            "error": error,
            "max_results": MAX_RESULTS,
            "max_query_length": MAX_QUERY_LENGTH,
        },
        status=400 if error else 200,
    )
