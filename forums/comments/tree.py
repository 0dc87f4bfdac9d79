"""The comment thread of a news page as one reader sees it (评论列表), built from one query.

Published comments for everyone; the reader's own held or hidden ones too, marked with why
others do not see them. A comment nobody else may see but which has visible replies stays in
the tree as a placeholder (no text, no author), so the replies keep their place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django_comments_xtd.models import XtdComment, max_thread_level_for_content_type
from wagtail.models import Page

from accounts.models import User
from accounts.privacy.masking import public_name_for
from communities.models import NewsPage

__all__ = ["CommentNode", "CommentTree", "visible_comments"]


@dataclass
class CommentNode:
    """One comment in the tree. ``comment`` is None for a placeholder; ``note`` tells the
    author why only they see their comment; ``can_reply`` is False at the deepest level."""

    comment: XtdComment | None
    pk: int
    can_reply: bool = False
    note: str = ""
    author_name: str = ""  # the public name (display name), for the links' accessible names
    children: list[CommentNode] = field(default_factory=list)

    @property
    def is_pending(self) -> bool:
        return bool(self.note)


@dataclass
class CommentTree:
    """The threads of a page, oldest first; ``count`` is the number of published comments
    shown, ``user_ids`` their authors (for one ``verified_resident_ids`` query)."""

    roots: list[CommentNode]
    count: int
    user_ids: set[int]
    nodes: dict[int, CommentNode]

    def __iter__(self) -> Iterator[CommentNode]:
        return iter(self.roots)

    def __len__(self) -> int:
        return len(self.roots)

    def replyable(self, pk: int | None) -> CommentNode | None:
        """The node of published comment ``pk`` if it takes replies, else None."""
        node = self.nodes.get(pk) if pk else None
        if node is None or node.comment is None or node.is_pending or not node.can_reply:
            return None
        return node


def _note_for_author(comment: XtdComment) -> str:
    if comment.is_removed:
        return _("Only you can see this comment: a moderator has hidden it.")
    return _("Only you can see this comment: it waits for a moderator.")


def _prune(nodes: list[CommentNode]) -> list[CommentNode]:
    """Drop placeholders without a visible reply below them."""
    kept = []
    for node in nodes:
        node.children = _prune(node.children)
        if node.comment is not None or node.children:
            kept.append(node)
    return kept


def visible_comments(page: Page, user: User | AnonymousUser | None) -> CommentTree:
    """The comment tree of ``page`` for ``user``: one query whatever the number of comments
    (authors selected with it), ordered by thread and position in the thread."""
    content_type = ContentType.objects.get_for_model(NewsPage)
    max_level = max_thread_level_for_content_type(content_type)
    user_id = user.pk if user is not None and user.is_authenticated else None
    rows = (
        XtdComment.norel_objects.filter(
            content_type=content_type, object_pk=str(page.pk), site_id=settings.SITE_ID
        )
        .select_related("user")
        .order_by("thread_id", "order")
    )
    roots: list[CommentNode] = []
    nodes: dict[int, CommentNode] = {}
    count = 0
    user_ids: set[int] = set()
    for row in rows:
        published = row.is_public and not row.is_removed
        own = user_id is not None and row.user_id == user_id
        node = CommentNode(comment=None, pk=row.pk)
        if published or own:
            # Others' unpublished comments never reach a template: only their place does.
            node.comment = row
            node.can_reply = published and row.level < max_level
            node.note = "" if published else _note_for_author(row)
            node.author_name = public_name_for(row.user)
            count += published
            if row.user_id:
                user_ids.add(row.user_id)
        nodes[row.pk] = node
        parent = nodes.get(row.parent_id) if row.parent_id != row.pk else None
        (parent.children if parent is not None else roots).append(node)
    return CommentTree(roots=_prune(roots), count=count, user_ids=user_ids, nodes=nodes)
