"""The forum's forms (发帖 / 回帖): they only parse what was typed; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forums.services.forum import BODY_MAX, TITLE_MAX

__all__ = ["QUOTE_TOPIC", "ReplyEditForm", "ReplyForm", "TopicForm", "parse_quote"]

QUOTE_TOPIC = "topic"  # ?quote=topic quotes the topic's first post rather than a reply

_BODY_HELP = _(
    "Plain text. You may use **bold**, *italic*, lists, “> ” for a quote and "
    "[text](https://…) for a link. Do not post anyone's phone number or address."
)


def _body_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=BODY_MAX,
        help_text=_BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write something first.")},
    )


class TopicForm(forms.Form):
    """A new topic, or the author's edit of one."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give the topic a title.")},
    )
    body = _body_field(_("Text"))


class ReplyForm(forms.Form):
    """A reply; ``quote`` carries "topic" or the id of the quoted reply through the form."""

    body = _body_field(_("Your reply"))
    quote = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def quote_target(self) -> int | str | None:
        """``QUOTE_TOPIC``, a reply id, or None (after ``is_valid``)."""
        return parse_quote(self.cleaned_data.get("quote"))


class ReplyEditForm(forms.Form):
    """The author's edit of a reply: the text only; what it quotes stays."""

    body = _body_field(_("Your reply"))


def parse_quote(value: str | None) -> int | str | None:
    """``"topic"`` → ``QUOTE_TOPIC``; ``"12"`` → 12; anything else → None."""
    value = (value or "").strip()
    if value == QUOTE_TOPIC:
        return QUOTE_TOPIC
    if value.isdigit() and len(value) < 19:
        return int(value)
    return None
