"""The one place that answers "which community is this request for?" and "what may this
staff user see?". Views and querysets go through here; nothing else works it out itself."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from wagtail.models import Site

from .models import Community

_ATTR = "_jiayuan_community"


def community_for_request(request: HttpRequest) -> Community | None:
    """The community whose site serves this request, or None on the city portal.

    Looked up once per request (Wagtail caches the site on the request, we cache the result).
    """
    try:
        return getattr(request, _ATTR)
    except AttributeError:
        pass
    site = Site.find_for_request(request)
    community = None
    if site is not None and not site.is_default_site:
        community = Community.objects.with_hierarchy().filter(site_id=site.pk).first()
    setattr(request, _ATTR, community)
    return community


def editable_communities(user: AbstractBaseUser | AnonymousUser):
    """Communities whose site this user edits (all of them for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return Community.objects.none()
    if user.is_superuser:
        return Community.objects.all()
    return Community.objects.filter(editors_group__user=user)


def moderated_communities(user: AbstractBaseUser | AnonymousUser):
    """Communities whose forums, posts and polls this user moderates."""
    if not user.is_authenticated or not user.is_active:
        return Community.objects.none()
    if user.is_superuser:
        return Community.objects.all()
    return Community.objects.filter(moderators_group__user=user)


def can_moderate(user: AbstractBaseUser | AnonymousUser, community: Community) -> bool:
    return moderated_communities(user).filter(pk=community.pk).exists()
