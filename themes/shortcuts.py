"""Rendering for plain Django views (forums, polls, posts): themed like Wagtail pages."""

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.template.response import TemplateResponse

from .resolution import template_names_for

__all__ = ["render_themed"]


def render_themed(
    request: HttpRequest,
    template_name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int | None = None,
) -> TemplateResponse:
    """A ``TemplateResponse`` for ``template_name`` in the theme of the request's community."""
    return TemplateResponse(
        request, template_names_for(request, template_name), context, status=status
    )
