"""The "I have something to say" column (我有话说) on a community's site: the listing, the
form, a post's page with its official reply or its event's progress, and its photos.

Called by ``PostIndexPage``'s routes (``forums.models.pages``).
"""

from .detail import post_answer, post_convert, post_detail, post_feedback, post_photo
from .listing import PER_PAGE, post_create, post_list

__all__ = [
    "PER_PAGE",
    "post_answer",
    "post_convert",
    "post_create",
    "post_detail",
    "post_feedback",
    "post_list",
    "post_photo",
]
