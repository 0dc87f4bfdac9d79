"""Admin guards that Wagtail's page permissions alone do not give a community's staff."""

from django.urls import reverse
from wagtail.models import Locale, Page

from communities.factories import NewsPageFactory
from communities.services.translation import ensure_translation


def _news_index(community):
    return community.site.root_page.get_children().get(slug="news").specific


def test_editor_cannot_open_the_city_wide_page_types_report(client, editor_a, superuser):
    url = reverse("wagtailadmin_reports:page_types_usage")
    client.force_login(editor_a)
    assert client.get(url).status_code == 403
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert url not in menu
    client.force_login(superuser)
    assert client.get(url).status_code == 200


def test_deleting_a_page_deletes_its_translations(client, editor_a, community_a):
    item = NewsPageFactory(parent=_news_index(community_a), title="停水通知", slug="water")
    ensure_translation(item, Locale.objects.get(language_code="en"), "Water cut notice")
    english = Page.objects.translation_of(item, inclusive=False).get()
    client.force_login(editor_a)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[item.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk__in=[item.pk, english.pk]).exists()


def test_unpublishing_a_page_unpublishes_its_translations(client, editor_a, community_a):
    item = NewsPageFactory(parent=_news_index(community_a), title="停电通知", slug="power")
    ensure_translation(item, Locale.objects.get(language_code="en"), "Power cut notice")
    english = Page.objects.translation_of(item, inclusive=False).get()
    client.force_login(editor_a)
    response = client.post(
        reverse("wagtailadmin_pages:unpublish", args=[item.pk]), {"include_descendants": ""}
    )
    assert response.status_code == 302
    english.refresh_from_db()
    item.refresh_from_db()
    assert not item.live
    assert not english.live
