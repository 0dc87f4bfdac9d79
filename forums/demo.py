"""The demo city's forum, "I have something to say" posts and news comments (社区论坛 / 我有话说).

Read from ``forums/data/demo.json`` and written through the real services with past times,
in the first community: topics with replies and quotes, a pinned notice, complaints whose
events the demo dispatcher and handler move (the demo resident's waits for their "settled?"),
answered suggestions and questions, and a comment thread under the latest news item.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_login
from accounts.models import User
from communities.models import Community, NewsPage
from governance import services as governance
from governance.models import Category
from portal.ratelimit import limits_lifted

from .comments.services import post_comment
from .models import Board, Topic
from .services.forum import create_reply, create_topic
from .services.moderation import pin_topic
from .services.posts import answer_post, submit_post

__all__ = ["DEMO_DATA", "seed_demo_forum"]

DEMO_DATA = Path(__file__).resolve().parent / "data" / "demo.json"


def _neighbours(names: list[str]) -> list[User]:
    """Demo neighbours who post but never sign in (unusable passwords)."""
    users = []
    for number, name in enumerate(names, start=1):
        user, _made = User.objects.get_or_create(
            username=f"neighbour{number}",
            defaults={"display_name": name, "password": make_password(None)},
        )
        users.append(user)
    return users


class _Seeder:
    def __init__(self, community: Community, data: dict, now: datetime) -> None:
        self.community, self.data, self.now = community, data, now
        self.neighbours = _neighbours(data["neighbours"])
        self.people = {n: demo_login(n) for n in ("resident", "editor", "moderator",
                                                   "dispatcher", "handler")}  # fmt: skip

    def author(self, key: int | str) -> User:
        return self.people[key] if isinstance(key, str) else self.neighbours[key]

    def topics(self) -> int:
        boards = {b.slug: b for b in Board.objects.filter(community=self.community)}
        made = 0
        for spec in self.data["topics"]:
            board = boards.get(spec["board"])
            if board is None or board.is_archived:
                continue  # the editors reshaped the forum: that board is gone
            at = self.now - timedelta(days=spec["days_ago"])
            topic = create_topic(self.author(spec["author"]), board, spec["title"], spec["body"],
                                 now=at)  # fmt: skip
            if spec.get("pinned"):
                pin_topic(self.people["moderator"], topic)
            replies = []
            for reply in spec["replies"]:
                quoted = replies[reply["quote"]] if "quote" in reply else None
                later = at + timedelta(hours=reply["hours"])
                author = self.author(reply["author"])
                replies.append(create_reply(author, topic, reply["body"], quoted=quoted, now=later))
            made += 1
        return made

    def posts(self) -> int:
        categories = {c.code: c for c in Category.objects.all()}
        for spec in self.data["posts"]:
            at = self.now - timedelta(days=spec["days_ago"])
            post = submit_post(
                self.author(spec["author"]), self.community, kind=spec["kind"],
                title=spec["title"], body=spec["body"], building=spec.get("building", ""),
                location=spec.get("location", ""), category=categories.get(spec.get("category")),
                now=at,
            )  # fmt: skip
            if spec.get("answer"):
                answer_post(
                    self.people["editor"], post, spec["answer"], now=at + timedelta(hours=5)
                )
            if post.event is not None:
                self._move(post.event, spec.get("steps", []), spec.get("resolution", ""), at)
        return len(self.data["posts"])

    def _move(self, event, steps: list[str], resolution: str, at: datetime) -> None:
        centre, worker = self.people["dispatcher"], self.people["handler"]
        actions = {
            "accept": lambda t: governance.accept_event(event, centre, now=t),
            "dispatch": lambda t: governance.dispatch_event(event, centre, now=t),
            "start": lambda t: governance.start_handling(event, worker, now=t),
            "resolve": lambda t: governance.resolve_event(event, worker, resolution, now=t),
        }
        for hours, step in enumerate(steps, start=1):
            actions[step](at + timedelta(hours=hours))

    def comments(self) -> int:
        news = (
            NewsPage.objects.live()
            .descendant_of(self.community.site.root_page)
            .order_by("-date", "-pk")
            .first()
        )
        if news is None:
            return 0
        made = 0
        for spec in self.data["comments"]:
            parent = post_comment(self.author(spec["author"]), news, spec["body"])
            made += 1
            for reply in spec["replies"]:
                post_comment(self.author(reply["author"]), news, reply["body"], parent=parent)
                made += 1
        return made


def seed_demo_forum(
    first: Community, say: Callable[[str], None] = print, *, now: datetime | None = None
) -> int:
    """Fill ``first``'s forum, column and news comments; nothing when its forum has topics.

    Needs the demo logins and the work network's demo staff (``governance.demo``) first.
    """
    if Topic.objects.filter(community=first).exists():
        say("Forum: demo topics already there.")
        return 0
    data = json.loads(DEMO_DATA.read_text(encoding="utf-8"))
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    with transaction.atomic(), limits_lifted():
        seeder = _Seeder(first, data, now)
        topics, posts, comments = seeder.topics(), seeder.posts(), seeder.comments()
    say(f"Forum: {topics} topics, {posts} posts (我有话说), {comments} news comments.")
    return topics + posts + comments
