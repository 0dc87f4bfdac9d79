from django.utils.functional import SimpleLazyObject

from .scope import community_for_request


class CurrentCommunityMiddleware:
    """Exposes ``request.community``, resolved lazily and at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.community = SimpleLazyObject(lambda: community_for_request(request))
        return self.get_response(request)
