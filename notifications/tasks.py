"""Background work for notifications: email goes out through a task, never inside a request."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def send_notification_email(user_id: int, subject: str, text: str) -> bool:
    """Send one notification email (邮件通知) to the user's current address; True if sent.

    The address is read when the task runs, not when it was queued, so an account deleted or
    deactivated in between gets nothing.
    """
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.is_active or user.deleted_at is not None or not user.email:
        logger.info("Notification email to user %s skipped: no active address.", user_id)
        return False
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True
