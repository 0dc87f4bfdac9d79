"""One item of the moderation queue (审核详情): its text, its reports, and the buttons of the
decisions the moderator may take: publish, hide, lock, pin, move, escalate, ban the author.

An item outside the user's communities is "not found", never "forbidden": no enumeration.
Each action is a POST calling one service; a refusal shows the service's sentence and changes
nothing, a success redirects back to the page (post/redirect/get).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from forums.models import Board, ModeratedContent, Topic, Visibility
from forums.services.errors import ForumError
from forums.services.guard import active_ban
from forums.services.moderation import (
    AlreadyEscalated,
    author_of,
    ban_user,
    body_of,
    community_of,
    created_of,
    escalate_topic,
    hide_item,
    item_url,
    kind_label,
    lock_topic,
    model_for,
    move_topic,
    open_flags,
    pin_topic,
    publish_item,
    title_of,
    unlock_topic,
    unpin_topic,
    visibility_of,
)

from .forms import BanForm, EmptyForm, EscalateForm, HideForm, MoveForm
from .scope import moderated_ids

__all__ = ["ItemView", "load_item"]

NAMESPACE = "forums_moderation"


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    form_class: type[forms.Form]
    offered: Callable[[dict], bool]  # given the page's facts
    run: Callable[[object, object, dict], object]  # (user, item, cleaned data)
    done: str
    topics_only: bool = False
    danger: bool = False


def _publish_label(facts: dict) -> str:
    return {
        Visibility.HELD: gettext("Approve and publish"),
        Visibility.FLAGGED: gettext("Publish again: the reports are unfounded"),
        Visibility.HIDDEN: gettext("Unhide"),
    }.get(facts["visibility"], gettext("Keep it: dismiss the reports"))


def _ban(user, item, data):
    return ban_user(
        user, community_of(item), author_of(item), days=data["days"], reason=data["reason"]
    )


ACTIONS = [
    Action("publish", _("Publish"), EmptyForm,
           lambda f: f["visibility"] != Visibility.PUBLISHED or f["flags"] > 0,
           lambda u, i, d: publish_item(u, i), _("Published; its reports are closed.")),
    Action("hide", _("Hide"), HideForm, lambda f: f["visibility"] != Visibility.HIDDEN,
           lambda u, i, d: hide_item(u, i, d["reason"]),
           _("Hidden; only its author sees it, with your reason."), danger=True),
    Action("lock", _("Lock the topic"), EmptyForm, lambda f: not f["item"].is_locked,
           lambda u, i, d: lock_topic(u, i), _("Topic locked."), topics_only=True),
    Action("unlock", _("Unlock the topic"), EmptyForm, lambda f: f["item"].is_locked,
           lambda u, i, d: unlock_topic(u, i), _("Topic unlocked."), topics_only=True),
    Action("pin", _("Pin the topic"), EmptyForm, lambda f: not f["item"].is_pinned,
           lambda u, i, d: pin_topic(u, i), _("Topic pinned."), topics_only=True),
    Action("unpin", _("Unpin the topic"), EmptyForm, lambda f: f["item"].is_pinned,
           lambda u, i, d: unpin_topic(u, i), _("Topic unpinned."), topics_only=True),
    Action("move", _("Move to another board"), MoveForm, lambda f: f["other_boards"],
           lambda u, i, d: move_topic(u, i, d["board"]), _("Topic moved."), topics_only=True),
    Action("escalate", _("Turn into an event (转为事件)"), EscalateForm,
           lambda f: f["item"].event_id is None,
           lambda u, i, d: escalate_topic(u, i, d["category"], note=d["note"]),
           _("The topic is now a governance event; its author is told."), topics_only=True),
    Action("ban", _("Ban the author from posting"), BanForm, lambda f: f["may_ban"], _ban,
           _("The author may not post in this community until the ban ends."), danger=True),
]  # fmt: skip
BY_NAME = {action.name: action for action in ACTIONS}


def load_item(user, kind: str, pk: int):
    """The item ``kind``/``pk`` if it belongs to one of the user's communities; 404 if not."""
    model = model_for(kind)
    if model is None:
        raise Http404
    ids = moderated_ids(user)
    queryset = model._default_manager.all()
    if issubclass(model, ModeratedContent):
        queryset = queryset.select_related("community", "author")
        if ids is not None:
            queryset = queryset.filter(community_id__in=ids)
    item = get_object_or_404(queryset, pk=pk)
    try:
        community = community_of(item)
    except ObjectDoesNotExist:  # a comment whose news page is gone
        raise Http404 from None
    if ids is not None and community.pk not in ids:
        raise Http404
    return item


class ItemView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "forums/admin/item.html"
    header_icon = "warning"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        self.kind = kwargs["kind"]
        self.item = load_item(request.user, self.kind, kwargs["pk"])
        self.bound: dict[str, forms.Form] = {}
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext("Moderate a %(kind)s") % {"kind": kind_label(self.kind)}

    def get_page_subtitle(self) -> str:
        return title_of(self.item)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NAMESPACE}:queue"), "label": gettext("Moderation queue")},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def _facts(self) -> dict:
        item, user = self.item, self.request.user
        author = author_of(item)
        community = community_of(item)
        is_topic = isinstance(item, Topic)
        return {
            "item": item,
            "visibility": visibility_of(item),
            "flags": open_flags(item).count(),
            "other_boards": is_topic
            and Board.objects.filter(community_id=item.community_id, is_archived=False)
            .exclude(pk=item.board_id)
            .exists(),
            "may_ban": author is not None
            and author.pk != user.pk
            and active_ban(author, community) is None,
            "is_topic": is_topic,
        }

    def _offered(self, facts: dict) -> list[Action]:
        return [a for a in ACTIONS if (facts["is_topic"] or not a.topics_only) and a.offered(facts)]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        action = BY_NAME.get(request.POST.get("action", ""))
        if action is None or (action.topics_only and not isinstance(self.item, Topic)):
            messages.error(request, gettext("There is no such action."))
            return self.render_to_response(self.get_context_data(), status=400)
        form = action.form_class(request.POST, prefix=action.name, item=self.item)
        if not form.is_valid():
            self.bound[action.name] = form
            messages.error(request, gettext("Nothing was changed: check the form below."))
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            action.run(request.user, self.item, form.cleaned_data)
        except ForumError as error:
            buttons = []
            if isinstance(error, AlreadyEscalated):
                buttons = [messages.button(error.url, gettext("Open the event"))]
            messages.error(request, error.message, buttons=buttons)
            self.item = load_item(request.user, self.kind, self.item.pk)
            self.bound[action.name] = form
            return self.render_to_response(self.get_context_data(), status=error.status)
        messages.success(request, str(action.done))
        return HttpResponseRedirect(request.path)

    def get_context_data(self, **kwargs) -> dict:
        for url_kwarg in ("kind", "pk"):  # TemplateView.get passes them; ours are below
            kwargs.pop(url_kwarg, None)
        item = self.item
        facts = self._facts()
        actions = [
            {
                "action": action,
                "label": _publish_label(facts) if action.name == "publish" else action.label,
                "form": self.bound.get(action.name)
                or action.form_class(prefix=action.name, item=item),
            }
            for action in self._offered(facts)
        ]
        flags = open_flags(item).select_related("reporter").order_by("created_at")
        return super().get_context_data(
            item=item,
            kind=self.kind,
            kind_label=kind_label(self.kind),
            community=community_of(item),
            author=author_of(item),
            body=body_of(item),
            created=created_of(item),
            visibility=Visibility(facts["visibility"]).label,
            note=getattr(item, "moderation_note", ""),
            flags=list(flags),
            public_url=item_url(item, self.request, full=True),
            actions=actions,
            ban=active_ban(author_of(item), community_of(item)) if author_of(item) else None,
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "no-store"
        return response
