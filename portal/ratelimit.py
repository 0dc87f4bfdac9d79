"""The one rate-limit helper (频率限制): how often a user or an address may do something.

Limits are "count/period" rules ("5/m,30/h"; s, m, h or d, optionally with a number: "3/10m")
kept in ``settings.RATE_LIMITS`` under "<action>:user" and "<action>:ip". Counting uses the
cache (Redis in production, so every web process shares it) with fixed windows; an attempt
that is refused is not counted against later ones.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

__all__ = ["Rule", "client_ip", "consume", "limits_lifted", "parse_rules"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RULE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rule:
    count: int
    seconds: int


def parse_rules(text: str) -> list[Rule]:
    """``"5/m,30/h"`` → rules; ``ValueError`` naming the bad part."""
    rules = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        match = _RULE.match(part)
        if not match:
            raise ValueError(f"Bad rate limit {part!r}: use count/period, e.g. 5/m or 3/10m.")
        count, multiple, unit = match.groups()
        rules.append(Rule(int(count), int(multiple or 1) * _UNITS[unit]))
    return rules


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: the proxy's last X-Forwarded-For entry when ``BEHIND_PROXY``."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(action: str, scope: str, who: str, rule: Rule, window: int) -> str:
    digest = hashlib.sha256(f"{scope}:{who}".encode()).hexdigest()[:24]  # no address in keys
    return f"rl:{action}:{digest}:{rule.seconds}:{window}"


def consume(
    action: str, *, user_id: int | None = None, ip: str = "", now: float | None = None
) -> int:
    """Count one ``action`` for the user and the address; 0 when allowed, else the seconds to
    wait before trying again (and nothing is counted)."""
    now = time.time() if now is None else now
    checks = []
    for scope, who in (("user", user_id), ("ip", ip)):
        if not who:
            continue
        for rule in parse_rules(settings.RATE_LIMITS.get(f"{action}:{scope}", "")):
            window = int(now // rule.seconds)
            checks.append((_key(action, scope, str(who), rule, window), rule, window))
    counts = cache.get_many([key for key, _rule, _window in checks]) if checks else {}
    wait = 0
    for key, rule, window in checks:
        if counts.get(key, 0) >= rule.count:
            wait = max(wait, math.ceil((window + 1) * rule.seconds - now))
    if wait:
        return wait
    for key, rule, _window in checks:
        if not cache.add(key, 1, rule.seconds + 1):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, rule.seconds + 1)
    return 0


@contextmanager
def limits_lifted() -> Iterator[None]:
    """Every configured limit lifted while the block runs: for the demo seeds, which write
    dozens of posts, comments and questions a second in the neighbours' names through the
    same services as people. The limits are for people; never use it in a request."""
    from django.test.utils import override_settings

    with override_settings(RATE_LIMITS=dict.fromkeys(settings.RATE_LIMITS, "")):
        yield
