"""The forum's public pages (社区论坛), served by ``ForumIndexPage``'s routes
(``forums/models/pages.py``): each view parses the request, calls ``forums.services.forum``
and renders a themed page. Signatures are the routes': ``(request, page, ...)``."""

from .boards import board_detail, board_list
from .replies import reply_create, reply_edit, reply_link
from .topics import topic_create, topic_detail, topic_edit, topic_follow

__all__ = [
    "board_detail",
    "board_list",
    "reply_create",
    "reply_edit",
    "reply_link",
    "topic_create",
    "topic_detail",
    "topic_edit",
    "topic_follow",
]
