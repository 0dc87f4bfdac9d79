"""``{% unread_notifications_count as unread %}`` for the header's account link."""

from django import template

from notifications.services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications_count(context: template.Context) -> int:
    """The signed-in user's unread count: one query, remembered for the rest of the request.

    Signed-out visitors cost nothing: the header checks ``user.is_authenticated`` first.
    """
    request = context.get("request")
    if request is None:
        return unread_count(context.get("user"))
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(request.user)
    return request._unread_notifications
