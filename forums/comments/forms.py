"""The comment form (评论表单): the text and, for a reply, the comment it answers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_LENGTH

__all__ = ["CommentForm"]


class CommentForm(forms.Form):
    """One form on the page: ids start with "comment-" so they never clash with the page's."""

    text = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Comments are public and moderated: be kind. Plain text; **bold**, *italic*, "
            "lists and links work."
        ),
        error_messages={"required": _("Write your comment before posting.")},
    )
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)
        if self.is_reply:
            self.fields["text"].label = _("Your reply")

    @property
    def is_reply(self) -> bool:
        """A reply to a comment rather than a new comment (decides the wording only)."""
        return bool(self.data.get("parent") if self.is_bound else self.initial.get("parent"))
