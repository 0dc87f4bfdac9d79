"""Local development and the demo city: DEBUG on, a fixed key, the demo port 8000."""

from config.env import env_bool, env_int, env_str

from .base import *  # noqa: F403
from .base import PORTAL_DOMAIN

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "") or "dev-only-insecure-key-never-used-in-production"
PORTAL_PORT = env_int("PORTAL_PORT", 8000)
WAGTAILADMIN_BASE_URL = f"http://{PORTAL_DOMAIN}:{PORTAL_PORT}"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
