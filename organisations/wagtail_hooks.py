"""The organisations' admin (社会组织): the registry in Settings, and a "Social organisations"
menu whose items each show only to those they are for — organisation staff (their
disclosures, their questions), civil-affairs reviewers (review, supervision) and reviewers or
city administrators (required disclosures)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from organisations.admin import (
    disclosures,
    policies,
    questions,
    requirements,
    review,
    supervision,
)
from organisations.admin.registry import OrganisationViewSet
from organisations.services.access import manages_requirements, reviews_disclosures


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return [OrganisationViewSet("organisations"), disclosures.viewset, requirements.viewset]


@hooks.register("register_admin_urls")
def register_organisation_urls():
    return [
        path("disclosure-review/", include((review.urlpatterns, review.NAMESPACE))),
        path("disclosure-supervision/", include((supervision.urlpatterns, supervision.NAMESPACE))),
        path("organisation-questions/", include((questions.urlpatterns, questions.NAMESPACE))),
    ]


class ShownTo(MenuItem):
    """A menu item shown to the users ``rule`` accepts."""

    def __init__(self, *args, rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule

    def is_shown(self, request) -> bool:
        return self.rule(request.user)


@hooks.register("register_admin_menu_item")
def register_organisations_menu():
    items = [
        ShownTo(_("Our disclosures"), reverse(f"{disclosures.NAMESPACE}:index"),
                name="organisation-disclosures", icon_name="doc-full", order=100,
                rule=policies.acts_for_any),
        ShownTo(_("Questions to us"), reverse(f"{questions.NAMESPACE}:index"),
                name="organisation-questions", icon_name="help", order=200,
                rule=policies.acts_for_any),
        ShownTo(_("Review disclosures"), reverse(f"{review.NAMESPACE}:index"),
                name="review-disclosures", icon_name="tasks", order=300,
                rule=reviews_disclosures),
        ShownTo(_("Required disclosures"), reverse("organisations_requirements:index"),
                name="required-disclosures", icon_name="date", order=400,
                rule=manages_requirements),
        ShownTo(_("Disclosure supervision"), reverse(f"{supervision.NAMESPACE}:index"),
                name="disclosure-supervision", icon_name="warning", order=500,
                rule=reviews_disclosures),
    ]  # fmt: skip
    return SubmenuMenuItem(
        _("Social organisations"),
        Menu(items=items),
        name="social-organisations",
        icon_name="group",
        order=330,
    )
