"""“I have something to say” (我有话说): residents' posts, their official replies and the
governance events complaints become.

Modules: ``submit`` (a resident posts), ``staff`` (official replies, 转为事件), ``status``
(where a post stands, for badges and the listing's filter), ``links`` (a post's page).
"""

from .links import post_path, say_page_path
from .staff import answer_post, convert_to_complaint
from .status import (
    STATUS_FILTERS,
    PostStatus,
    listed_posts,
    post_status,
    status_q,
)
from .submit import (
    BODY_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    posting_refusal,
    submit_post,
)

__all__ = [
    "BODY_MAX_LENGTH",
    "REPLY_MAX_LENGTH",
    "STATUS_FILTERS",
    "TITLE_MAX_LENGTH",
    "PostStatus",
    "answer_post",
    "convert_to_complaint",
    "listed_posts",
    "post_path",
    "post_status",
    "posting_refusal",
    "say_page_path",
    "status_q",
    "submit_post",
]
