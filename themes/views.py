from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from .display_mode import remember_elder_mode


# The form is on every public page, most of them cached and served without a session; a
# forged request can only switch the size of someone's text, so no CSRF token is required.
@csrf_exempt
def display_mode(request: HttpRequest) -> HttpResponse:
    """Turns elder-friendly mode on or off and goes back to the page the button was on."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    remember_elder_mode(response, request.POST.get("elder") == "on")
    return response
