"""Settings of the vote benchmark: the governance benchmark's, accepting any host (the test
client speaks to the community's own)."""

from bench.governance_settings import *  # noqa: F403

ALLOWED_HOSTS = ["*"]
