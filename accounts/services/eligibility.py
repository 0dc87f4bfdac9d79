"""Who may take part (参与资格): the one function forums, posts and polls ask before acting.

Each community's settings say who may post and who may vote: anyone signed in, or only its
verified residents. Anonymous, inactive and deleted accounts never may.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from wagtail.models import Site

from accounts.models import User
from communities.models import Community, CommunitySettings, Participation

from .residency import is_verified_resident

Action = Literal["post", "vote"]
ACTIONS = ("post", "vote")


@dataclass(frozen=True)
class Eligibility:
    """The answer: ``allowed``, a ``reason`` to show the user when not, and a stable ``code``
    ("ok", "anonymous", "inactive", "deleted", "no_community", "resident_only")."""

    allowed: bool
    reason: str
    code: str

    def __bool__(self) -> bool:
        return self.allowed


def _refused(code: str, reason: str) -> Eligibility:
    return Eligibility(allowed=False, reason=reason, code=code)


def _settings_for(community: Community) -> CommunitySettings:
    # The community's site, if already loaded; otherwise a stand-in with its id, which is all
    # for_site() filters on: one query for the settings, not two.
    site = community.site if Community.site.is_cached(community) else Site(pk=community.site_id)
    return CommunitySettings.for_site(site)


def check_participation(
    user: User | AnonymousUser | None,
    community: Community | None,
    action: Action,
    *,
    site_settings: CommunitySettings | None = None,
    rule: str | None = None,
) -> Eligibility:
    """May ``user`` ``action`` ("post" or "vote") on ``community``'s site?

    ``rule`` (a ``Participation`` value) overrides the site's rule: a poll or an election
    sets its own.

    At most two queries: the community's settings (none when ``site_settings`` is given, e.g.
    ``CommunitySettings.for_request(request)``, which the request already caches) and, when
    the rule is "verified residents only", the user's residency.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; expected one of {ACTIONS}")
    if user is None or not user.is_authenticated:
        return _refused(
            "anonymous", _("Sign in to post.") if action == "post" else _("Sign in to vote.")
        )
    if getattr(user, "deleted_at", None) is not None:
        return _refused("deleted", _("This account has been deleted."))
    if not user.is_active:
        return _refused("inactive", _("This account is suspended and cannot take part."))
    if community is None or community.site_id is None:
        return _refused("no_community", _("Choose your community first."))
    if rule is None:
        site_settings = site_settings or _settings_for(community)
        rule = site_settings.who_may_post if action == "post" else site_settings.who_may_vote
    if rule == Participation.RESIDENTS and not is_verified_resident(user, community):
        if action == "post":
            reason = _(
                "Only verified residents of %(community)s may post here. Ask to be verified "
                "from your account's residency page."
            )
        else:
            reason = _(
                "Only verified residents of %(community)s may vote here. Ask to be verified "
                "from your account's residency page."
            )
        return _refused("resident_only", reason % {"community": community.name})
    return Eligibility(allowed=True, reason="", code="ok")


def may_participate(
    user: User | AnonymousUser | None,
    community: Community | None,
    action: Action,
    *,
    site_settings: CommunitySettings | None = None,
) -> bool:
    """``check_participation(...).allowed``, for templates and quick checks."""
    return check_participation(user, community, action, site_settings=site_settings).allowed
