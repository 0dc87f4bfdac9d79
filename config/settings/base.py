"""Settings shared by every environment.

Production-safe by default: DEBUG is off and secrets come from the environment. ``dev`` and
``test`` relax what they must; ``production`` insists on what it needs.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("JIAYUAN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")

# Community sites live at <slug>.<PORTAL_DOMAIN>; the city portal at PORTAL_DOMAIN itself.
PORTAL_DOMAIN = env_str("PORTAL_DOMAIN", "localhost")
# The port written into Wagtail Site records (80 in production behind a proxy).
PORTAL_PORT = env_int("PORTAL_PORT", 80)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [PORTAL_DOMAIN, f".{PORTAL_DOMAIN}"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "accounts",
    "portal",
    "communities",
    "themes",
    "forums",
    "polls",
    "services_directory",
    "governance",
    "organisations",
    "notifications",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_comments_xtd",
    "django_comments",
    "allauth",
    "allauth.account",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "communities.middleware.CurrentCommunityMiddleware",
    "communities.middleware.CityWideReportsMiddleware",
    "themes.display_mode.DisplayModeMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_ID = 1  # django.contrib.sites, needed by allauth and comments; Wagtail has its own Site.

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "communities.context_processors.current_community",
                "themes.context_processors.theme",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", "")
if not DATABASE_URL:
    # The embedded default: an SQLite file under var/, so a fresh clone needs no set-up.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'jiayuan.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a seed or a task writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend uses PostgreSQL's full-text fields there.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Private pages send residents to the site's own login, not Wagtail's bare one.
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
# Residents sign up and log in with a mainland mobile number (code by SMS) or an email address.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"phone", "email"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "email", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# A code must expire before the sign-in attempt that asked for it (15 min), or an expired
# code would drop the resident back at the login page with no explanation.
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 5 * 60
ACCOUNT_FORMS = {"request_login_code": "accounts.adapter.RequestLoginCodeForm"}
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
# allauth's default rate limits apply (signup 20/m per IP, 5 failed logins per 5 min per
# account, phone verification 1/30s per number); they use the cache, Redis in production.
# Many mainland phones share a carrier-grade NAT address, so codes are limited per number
# rather than 3 a minute per address.
ACCOUNT_RATE_LIMITS = {"verify_phone": "1/30s/key,10/m/ip"}
# Mainland numbers by default: "13812345678" means +86 138 1234 5678.
PHONE_DEFAULT_REGION = env_str("PHONE_DEFAULT_REGION", "CN")
PHONE_ALLOWED_REGIONS = env_list("PHONE_ALLOWED_REGIONS", ["CN"])
# The SMS sender: a dotted path. The default writes to the log and the SmsMessage table.
SMS_BACKEND = env_str("SMS_BACKEND", "accounts.sms.DatabaseSmsBackend")
# The privacy policy version residents consent to at sign-up; bump it when the text changes.
PRIVACY_POLICY_VERSION = "2026-11"
# Keyed hashes of census lists; a separate key so rotating SECRET_KEY keeps matches working.
CENSUS_HASH_KEY = env_str("CENSUS_HASH_KEY", "")

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jiayuan",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The largest photo a resident or grid worker may attach (portal.uploads.clean_image).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

# The governance work network: office hours for working-time deadlines, the days a reporter has
# to confirm or object before a resolved event closes itself, a supervision order's deadline.
GOVERNANCE_WORKING_HOURS = [
    tuple(period.split("-"))
    for period in env_list("GOVERNANCE_WORKING_HOURS", ["09:00-12:00", "14:00-18:00"])
]
GOVERNANCE_CONFIRM_DAYS = env_int("GOVERNANCE_CONFIRM_DAYS", 7)
GOVERNANCE_SUPERVISION_DAYS = env_int("GOVERNANCE_SUPERVISION_DAYS", 2)
# Seconds between two checkpoint scans (the scheduler started by `make demo` and in production).
GOVERNANCE_SCAN_INTERVAL = env_int("GOVERNANCE_SCAN_INTERVAL", 60)

# Forums, posts and comments (forums.services): distinct reports that hide an item until a
# moderator decides; minutes an author may edit; seconds in which the same text is refused
# again; rate limits "count/period" (s, m, h, d) per user and per IP address.
FORUMS_FLAGS_TO_HIDE = env_int("FORUMS_FLAGS_TO_HIDE", 3)
FORUMS_EDIT_MINUTES = env_int("FORUMS_EDIT_MINUTES", 30)
FORUMS_DUPLICATE_SECONDS = env_int("FORUMS_DUPLICATE_SECONDS", 600)
RATE_LIMITS = {
    "post:user": env_str("RATE_LIMIT_POST_USER", "5/m,30/h"),
    "post:ip": env_str("RATE_LIMIT_POST_IP", "120/h"),
    "report:user": env_str("RATE_LIMIT_REPORT_USER", "10/m,60/d"),
    "report:ip": env_str("RATE_LIMIT_REPORT_IP", "200/h"),
}
# Behind a reverse proxy, the client's address is the last X-Forwarded-For entry it added.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

WAGTAIL_SITE_NAME = _("Community homeland")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", f"http://{PORTAL_DOMAIN}")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL", "")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.elasticsearch9",
        "URLS": [ELASTICSEARCH_URL],
        "INDEX": env_str("ELASTICSEARCH_INDEX", "jiayuan"),
    }
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "txt", "csv"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"

COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2

# ".<PORTAL_DOMAIN>" (e.g. ".shequ.sz.gov.cn") signs a resident in on every community site at
# once; empty keeps the session per host, so each site has its own sign-in.
SESSION_COOKIE_DOMAIN = env_str("SESSION_COOKIE_DOMAIN", "") or None
CSRF_COOKIE_DOMAIN = SESSION_COOKIE_DOMAIN
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Wagtail logs every page creation at INFO: 4,000 lines when the demo city is seeded.
    "loggers": {
        "wagtail": {"level": env_str("WAGTAIL_LOG_LEVEL", "WARNING")},
        # One INFO line per task state change: search and reference-index updates per page.
        "django.tasks": {"level": env_str("TASKS_LOG_LEVEL", "WARNING")},
        # Django's own "django" logger has a console handler in DEBUG; through the root one
        # as well, every line would print twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
