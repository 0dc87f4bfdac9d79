"""Settings of the vote benchmark: the governance benchmark's, accepting any host (the test
client speaks to the community's own), with Django's request log kept to errors: the 500
second votes refused on purpose would each print a "Conflict" warning."""

from bench.governance_settings import *  # noqa: F403
from bench.governance_settings import LOGGING

ALLOWED_HOSTS = ["*"]
LOGGING = {
    **LOGGING,
    "loggers": {**LOGGING["loggers"], "django.request": {"level": "ERROR"}},
}
