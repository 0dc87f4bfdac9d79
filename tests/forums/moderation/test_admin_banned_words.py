"""The banned-word list (敏感词) in the admin: for city administrators only."""

from django.urls import reverse

from forums.models import BannedWord
from forums.services.guard import banned_word_in
from tests.conftest import english_admin_client as client_for


def test_a_city_administrator_adds_a_word_that_applies_at_once(city_admin):
    assert banned_word_in("加微信领红包") == ""  # the list is cached: now it is in the cache
    client = client_for(city_admin)
    assert client.get(reverse("forum_banned_words:index")).status_code == 200

    response = client.post(reverse("forum_banned_words:add"), {"phrase": "加微信"})

    assert response.status_code == 302
    assert BannedWord.objects.filter(phrase="加微信").exists()
    assert banned_word_in("加微信领红包") == "加微信"


def test_a_city_administrator_removes_a_word(city_admin):
    word = BannedWord.objects.create(phrase="代开发票")
    assert banned_word_in("代开发票") == "代开发票"

    response = client_for(city_admin).post(reverse("forum_banned_words:delete", args=[word.pk]))

    assert response.status_code == 302
    assert not BannedWord.objects.exists()
    assert banned_word_in("代开发票") == ""


def test_editors_and_moderators_are_refused(editor_a, moderator_a):
    word = BannedWord.objects.create(phrase="代开发票")
    for user in (editor_a, moderator_a):
        client = client_for(user)
        assert client.get(reverse("forum_banned_words:index")).status_code == 403
        assert client.post(reverse("forum_banned_words:add"), {"phrase": "x"}).status_code == 403
        edit = reverse("forum_banned_words:edit", args=[word.pk])
        assert client.post(edit, {"phrase": "改掉"}).status_code == 403
    assert list(BannedWord.objects.values_list("phrase", flat=True)) == ["代开发票"]
