"""Forum boards (版块管理) in the admin: a community's editors (and city administrators) add,
rename, describe, re-order, archive and reopen the boards of their communities' forums.

A Wagtail ``ModelViewSet`` whose queryset, community choices and object lookups are scoped to
the user's edited communities (a board elsewhere is "not found"); every change goes through
``forums.services.boards``, never a bare model save, so the checks and the audit log apply.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView

from accounts.admin.roles import RefuseWith403Mixin
from communities.admin_scope import (
    CommunityThingsViewSet,
    EditedCommunityPermissionPolicy,
    community_filter,
    edited_communities,
    scope_to_edited,
)
from forums.models import Board
from forums.services.boards import archive_board, create_board, unarchive_board, update_board
from forums.services.errors import ForumError

__all__ = ["BoardPermissionPolicy", "BoardViewSet"]


def _boards(user):
    return scope_to_edited(Board.objects.select_related("community"), user)


class BoardPermissionPolicy(EditedCommunityPermissionPolicy):
    """Editors manage the boards of the communities they edit; nobody deletes a board (its
    topics would go with it): archive it instead."""


class BoardForm(WagtailAdminModelForm):
    sort_order = forms.IntegerField(
        label=_("order"),
        required=False,
        min_value=0,
        help_text=_("Boards are listed by this number, smallest first. Empty: last."),
    )

    class Meta:
        model = Board
        fields = ["community", "name", "slug", "description", "sort_order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "community" in self.fields:
            self.fields["community"].queryset = edited_communities(self.for_user)
        self.fields["slug"].help_text = _(
            "The board's address in the forum: lower-case letters, digits and hyphens."
        )

    # The board service checks the address (unique in the forum, not reserved), with a
    # clearer message than the model's constraint would give.
    def validate_unique(self):
        pass

    def validate_constraints(self):
        pass


class BoardEditForm(BoardForm):
    class Meta:
        model = Board
        fields = ["name", "slug", "description", "sort_order", "is_archived"]


class ServiceSaveMixin(RefuseWith403Mixin):
    """Validate the form, then apply it through the board service; its field errors are
    shown on the form, nothing is saved then."""

    def apply(self, data: dict) -> Board:
        raise NotImplementedError

    def is_valid(self, form) -> bool:
        if not super().is_valid(form):
            return False
        try:
            self.saved = self.apply(form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except ForumError as error:
            form.add_error(None, error.message)
        else:
            return True
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return False

    def save_instance(self):
        return self.saved


class BoardCreateView(ServiceSaveMixin, generic.CreateView):
    def apply(self, data: dict) -> Board:
        return create_board(
            self.request.user,
            data["community"],
            name=data["name"],
            slug=data["slug"],
            description=data["description"],
            sort_order=data["sort_order"],
        )


class BoardEditView(ServiceSaveMixin, generic.EditView):
    def get_queryset(self):
        return _boards(self.request.user)  # another community's board: 404

    def apply(self, data: dict) -> Board:
        # A fresh copy: the form has already written its values onto self.object.
        board = self.get_queryset().get(pk=self.object.pk)
        update_board(
            self.request.user,
            board,
            name=data["name"],
            slug=data["slug"],
            description=data["description"],
            sort_order=data["sort_order"],
        )
        if data["is_archived"] and not board.is_archived:
            archive_board(self.request.user, board)
        elif not data["is_archived"] and board.is_archived:
            unarchive_board(self.request.user, board)
        return board


class BoardHistoryView(RefuseWith403Mixin, HistoryView):
    def get_base_object_queryset(self):
        return _boards(self.request.user)


class BoardFilterSet(WagtailFilterSet):
    community = community_filter()

    class Meta:
        model = Board
        fields = ["community", "is_archived"]


class BoardIndexView(RefuseWith403Mixin, generic.IndexView):
    filterset_class = BoardFilterSet

    def get_base_queryset(self):
        return _boards(self.request.user)

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered and self.ordering:
            return super().order_queryset(queryset)
        return queryset.order_by("community__name", "sort_order", "pk")

    @cached_property
    def columns(self):
        return [
            TitleColumn("name", label=_("Name"), url_name=self.edit_url_name),
            Column("slug", label=_("Address")),
            Column("community", label=_("Community"), accessor="community.name"),
            Column("sort_order", label=_("Order"), sort_key="sort_order"),
            BooleanColumn("is_archived", label=_("Archived")),
        ]


class BoardViewSet(CommunityThingsViewSet):
    model = Board
    name = "forum_boards"
    icon = "list-ul"
    menu_label = _("Forum boards")
    index_view_class = BoardIndexView
    add_view_class = BoardCreateView
    edit_view_class = BoardEditView
    history_view_class = BoardHistoryView
    search_fields = ["name", "slug"]

    def get_form_class(self, for_update=False):
        return BoardEditForm if for_update else BoardForm
