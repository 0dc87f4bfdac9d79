"""The admin's "People" page (人员查询): staff look people up, personal fields masked.

City administrators see everyone; an editor or supervisor sees the people with a residency
in the communities they edit or supervise. Every personal field is masked; a "Show" button
(a POST) asks ``accounts.privacy.reveal.reveal`` for the clear value, which checks the role
and writes a ``jiayuan.pi_reveal`` audit entry. The clear value is rendered once, in that
response, and never stored in the URL or the session.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.admin.roles import answer_403
from accounts.models import Residency, User
from accounts.phone import normalise_phone
from accounts.privacy.reveal import PERSONAL_FIELDS, masked, reveal
from accounts.services.roles import (
    StaffScope,
    may_see_personal_information,
    staff_scope,
)

PER_PAGE = 25
MAX_QUERY = 50


def may_look_people_up(user) -> bool:
    scope = staff_scope(user)
    return scope.is_city_admin or bool(scope.edited_community_ids) or scope.supervises


def _residency_area(scope: StaffScope) -> Q | None:
    """Residencies the staff member works on (None: all of them)."""
    if scope.is_city_admin or scope.city_wide:
        return None
    return (
        Q(community_id__in=scope.edited_community_ids)
        | Q(community__subdistrict_id__in=scope.subdistrict_ids)
        | Q(community__subdistrict__district_id__in=scope.district_ids)
    )


def people_in_scope(staff) -> QuerySet[User]:
    """The people ``staff`` may look up: everyone for a city administrator; otherwise those
    with a residency (in any state) in a community the staff member edits or supervises.
    Moderators and other staff see nobody here."""
    if not may_look_people_up(staff):
        return User.objects.none()
    scope = staff_scope(staff)
    if scope.is_city_admin:
        return User.objects.all()
    area = _residency_area(scope)
    residencies = Residency.objects.filter(area) if area is not None else Residency.objects
    return User.objects.filter(pk__in=residencies.values("user_id"))


def _visible_residencies(scope: StaffScope) -> Prefetch:
    """Only the residencies in the staff member's area: an editor of A does not learn that
    the person also asked to join B."""
    area = _residency_area(scope)
    queryset = Residency.objects.select_related("community").order_by("-created_at", "-pk")
    if area is not None:
        queryset = queryset.filter(area)
    return Prefetch("residencies", queryset=queryset, to_attr="visible_residencies")


def _field_label(name: str) -> str:
    return str(User._meta.get_field(name).verbose_name)


class StaffOnlyMixin:
    def dispatch(self, request: HttpRequest, *args, **kwargs):
        if not may_look_people_up(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PeopleIndexView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/privacy_admin_people.html"
    page_title = _("People")
    header_icon = "user"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:MAX_QUERY]
        people = people_in_scope(self.request.user)
        if query:
            try:
                people = people.filter(phone=normalise_phone(query))
            except ValidationError:  # not a phone number: a display name, or a username
                people = people.filter(Q(display_name__icontains=query) | Q(username=query))
        people = people.prefetch_related(_visible_residencies(staff_scope(self.request.user)))
        page = Paginator(people.order_by("-date_joined", "-pk"), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        context.update(
            query=query,
            page_obj=page,
            rows=[
                {
                    "person": person,
                    "phone": masked(person, "phone"),
                    "real_name": masked(person, "real_name"),
                    "residencies": person.visible_residencies,
                }
                for person in page.object_list
            ],
        )
        return context


class PersonView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """One person's details, masked; POST ``field`` reveals that field (logged)."""

    template_name = "accounts/privacy_admin_person.html"
    page_title = _("Person")
    header_icon = "user"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        self.subject = get_object_or_404(User, pk=kwargs["user_id"])
        if not people_in_scope(request.user).filter(pk=self.subject.pk).exists():
            raise PermissionDenied
        self.revealed: dict[str, str] = {}
        self.error = ""
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.subject.public_name

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("jiayuan_people:index"), "label": gettext("People")},
            {"url": "", "label": self.subject.public_name},
        ]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        field = request.POST.get("field", "")
        if field not in PERSONAL_FIELDS:
            self.error = gettext("There is no such personal field to show.")
            return self.render_to_response(self.get_context_data(), status=400)
        # PermissionDenied (a 403, nothing logged) when the role does not allow it.
        self.revealed[field] = reveal(request.user, self.subject, field)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        staff = self.request.user
        residencies = Residency.objects.filter(user=self.subject).select_related("community")
        area = _residency_area(staff_scope(staff))
        if area is not None:
            residencies = residencies.filter(area)
        context.update(
            subject=self.subject,
            error=self.error,
            may_reveal=may_see_personal_information(staff, self.subject),
            fields=[
                {
                    "name": name,
                    "label": _field_label(name),
                    "value": self.revealed.get(name, masked(self.subject, name)),
                    "revealed": name in self.revealed,
                    "empty": not getattr(self.subject, name),
                }
                for name in PERSONAL_FIELDS
            ],
            residencies=list(residencies.order_by("-created_at", "-pk")),
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "no-store"  # may hold a revealed value
        return response


urlpatterns = (
    [
        path("", answer_403(PeopleIndexView.as_view()), name="index"),
        path("<int:user_id>/", answer_403(PersonView.as_view()), name="detail"),
    ],
    "jiayuan_people",
)
