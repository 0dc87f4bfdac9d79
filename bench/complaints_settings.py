"""Settings of the complaint benchmark: the governance benchmark's, with the posting rate
limits lifted (300 residents post thousands of complaints in minutes; the limit would refuse
them, which is the point of a limit, not of this measurement)."""

from bench.governance_settings import *  # noqa: F403

RATE_LIMITS = {"post:user": "", "post:ip": "", "report:user": "", "report:ip": ""}
FORUMS_DUPLICATE_SECONDS = 0
ALLOWED_HOSTS = ["*"]
