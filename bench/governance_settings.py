"""Settings of the governance benchmark: the dev settings, with nothing leaving the process.

Notifications still write their inbox rows (part of the cost measured); tasks run in place
and email stays in memory, so no queue table fills and no message is sent. The database comes
from ``DATABASE_URL``, set by ``bench/governance.py`` to a temporary SQLite file or database.
"""

from config.settings.dev import *  # noqa: F403

DEBUG = False
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
