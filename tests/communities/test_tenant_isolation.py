"""An editor of community A works on A only: pages, media collection and site settings.

Everything goes through the Wagtail admin over HTTP, as an editor would. Each refusal is paired
with the same action on A succeeding, so a test cannot pass merely because the action is broken.
Wagtail answers a refused admin action with a redirect to the dashboard and an error message.
"""

import io
import re

import pytest
from django.contrib.messages import ERROR, get_messages
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html
from wagtail_factories import DocumentFactory, ImageFactory

from communities.factories import StandardPageFactory
from communities.models import CommunitySettings
from communities.scope import can_moderate

Image = get_image_model()
Document = get_document_model()
pytestmark = pytest.mark.django_db


# --- helpers ---------------------------------------------------------------------------------


def assert_refused(response) -> None:
    """Wagtail's answer to PermissionDenied in the admin: back to the dashboard, with an error."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("wagtailadmin_home")
    # Unread messages pile up across a test's requests; this request's is the newest.
    assert list(get_messages(response.wsgi_request))[-1].level == ERROR


def home_of(community) -> Page:
    return community.site.root_page


def child(community, slug: str) -> Page:
    return home_of(community).get_children().get(slug=slug)


def pages_of(community) -> list[Page]:
    """Every page of the community, in every locale."""
    pages = []
    for root in home_of(community).get_translations(inclusive=True):
        pages.extend(Page.objects.descendant_of(root, inclusive=True))
    return pages


def explore_links(pages) -> set[str]:
    return {reverse("wagtailadmin_explore", args=[page.pk]) for page in pages}


def edit_form_data(client, page) -> dict:
    """The edit form of ``page`` as the browser would post it, unchanged."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").dict()
    # The StreamField's inputs are drawn by JavaScript; the provisioned "about" body is empty.
    data.setdefault("body-count", "0")
    return data


def png() -> io.BytesIO:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "photo.png"
    return buffer


@pytest.fixture
def pages(community_a, community_b):
    """A's "about" page with a sibling to move, and B's "about" page."""
    return {
        "a_about": child(community_a, "about"),
        "a_extra": StandardPageFactory(parent=home_of(community_a), title="A 的新页面", slug="x"),
        "b_about": child(community_b, "about"),
    }


@pytest.fixture
def client_a(client, editor_a):
    client.force_login(editor_a)
    return client


# --- the explorer ----------------------------------------------------------------------------


def test_explorer_root_lists_only_the_editors_own_community(client_a, community_a, community_b):
    response = client_a.get(reverse("wagtailadmin_explore_root"))

    assert response.status_code == 200
    body = response.content.decode()
    a_homes = home_of(community_a).get_translations(inclusive=True)
    assert all(link in body for link in explore_links(a_homes))
    leaked = [link for link in explore_links(pages_of(community_b)) if link in body]
    assert leaked == []
    listed = {page.pk for page in response.context["pages"]}
    assert listed == {page.pk for page in a_homes}


def test_explorer_refuses_to_open_any_page_of_another_community(client_a, community_b):
    tree_root = reverse("wagtailadmin_explore", args=[Page.get_first_root_node().pk])
    b_pages = pages_of(community_b)
    assert len(b_pages) == 12  # home, news, about, say, forum and polls in zh-hans and en

    for page in b_pages:
        for name in ("wagtailadmin_explore", "wagtailadmin_explore_results"):
            response = client_a.get(reverse(name, args=[page.pk]))
            # Sent back to the explorer's own root, as Wagtail does for pages outside it.
            assert (response.status_code, response["Location"]) == (302, tree_root), page


def test_explorer_opens_the_editors_own_pages(client_a, community_a):
    home = home_of(community_a)

    response = client_a.get(reverse("wagtailadmin_explore", args=[home.pk]))

    assert response.status_code == 200
    listed = {page.pk for page in response.context["pages"]}
    assert listed == set(home.get_children().values_list("pk", flat=True))


def test_superuser_still_explores_every_community(client, superuser, community_b):
    client.force_login(superuser)

    response = client.get(reverse("wagtailadmin_explore", args=[home_of(community_b).pk]))

    assert response.status_code == 200


# --- page actions ----------------------------------------------------------------------------


@pytest.mark.parametrize("publish", [False, True], ids=["save draft", "publish"])
def test_editor_edits_and_publishes_own_page_but_not_another_communitys(client_a, pages, publish):
    data = edit_form_data(client_a, pages["a_about"])
    data["title"] = "改过了"
    if publish:
        data["action-publish"] = "action-publish"
    a_about, b_about = pages["a_about"], pages["b_about"]
    b_before = (b_about.draft_title, b_about.latest_revision_id, b_about.live_revision_id)

    refused = client_a.post(reverse("wagtailadmin_pages:edit", args=[b_about.pk]), data)
    saved = client_a.post(reverse("wagtailadmin_pages:edit", args=[a_about.pk]), data)

    assert_refused(refused)
    b_about.refresh_from_db()
    assert (b_about.draft_title, b_about.latest_revision_id, b_about.live_revision_id) == b_before
    assert saved.status_code == 302
    a_about.refresh_from_db()
    assert a_about.draft_title == "改过了"
    assert a_about.title == ("改过了" if publish else "社区概况")


def test_editor_cannot_open_another_communitys_page_tools(client_a, pages):
    b_about = pages["b_about"]
    for name in ("edit", "delete", "move", "copy", "unpublish", "add_subpage", "history"):
        assert_refused(client_a.get(reverse(f"wagtailadmin_pages:{name}", args=[b_about.pk])))


def test_editor_deletes_own_page_but_not_another_communitys(client_a, pages):
    b_about, a_extra = pages["b_about"], pages["a_extra"]

    refused = client_a.post(reverse("wagtailadmin_pages:delete", args=[b_about.pk]))
    deleted = client_a.post(reverse("wagtailadmin_pages:delete", args=[a_extra.pk]))

    assert_refused(refused)
    assert Page.objects.filter(pk=b_about.pk).exists()
    assert deleted.status_code == 302
    assert not Page.objects.filter(pk=a_extra.pk).exists()


def test_bulk_delete_skips_another_communitys_pages(client_a, pages):
    a_extra, b_about = pages["a_extra"], pages["b_about"]
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])

    response = client_a.post(f"{url}?id={a_extra.pk}&id={b_about.pk}")

    assert response.status_code == 302
    assert not Page.objects.filter(pk=a_extra.pk).exists()
    assert Page.objects.filter(pk=b_about.pk).exists()


def _move(client, page, destination):
    url = reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
    return client.post(url)


def test_editor_moves_within_own_community_only(client_a, pages):
    a_extra, a_about, b_about = pages["a_extra"], pages["a_about"], pages["b_about"]
    a_home, b_home = a_extra.get_parent(), b_about.get_parent()

    into_b = _move(client_a, a_extra, b_about)
    out_of_b = _move(client_a, b_about, a_about)

    assert_refused(into_b)
    assert_refused(out_of_b)
    a_extra.refresh_from_db()
    b_about.refresh_from_db()
    assert a_extra.get_parent().pk == a_home.pk
    assert b_about.get_parent().pk == b_home.pk

    # The same kind of move inside A succeeds: the refusals above are about the tenant.
    within_a = _move(client_a, a_extra, a_about)

    assert within_a.status_code == 302
    a_extra.refresh_from_db()
    assert a_extra.get_parent().pk == a_about.pk


# --- the community's own home page -----------------------------------------------------------


def test_editor_cannot_delete_own_home_page(client_a, community_a):
    home = home_of(community_a)
    homes = list(home.get_translations(inclusive=True))
    # Deleting a page with children needs bulk-delete rights editors lack; empty the home
    # pages through the admin first, so the refusal below comes from the home-page guard.
    for parent in homes:
        for page in parent.get_children():
            deleted = client_a.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
            assert deleted.status_code == 302
    for page in homes:
        page.refresh_from_db()
        assert page.is_leaf()

    for page in homes:
        response = client_a.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))

        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_explore", args=[page.pk])
        errors = [str(m) for m in get_messages(response.wsgi_request) if m.level == ERROR]
        assert page.title in errors[-1]  # unread messages pile up: the newest is last
        assert Page.objects.filter(pk=page.pk).exists()
    community_a.site.refresh_from_db()
    assert community_a.site.root_page_id == home.pk


def test_superuser_cannot_delete_a_home_page_either(client, superuser, community_a):
    # Not a 500 from the protected Site → Community link: a clear refusal.
    client.force_login(superuser)
    home = home_of(community_a)

    response = client.post(reverse("wagtailadmin_pages:delete", args=[home.pk]))

    assert response.status_code == 302
    assert Page.objects.filter(pk=home.pk).exists()
    assert any(home.title in str(m) for m in get_messages(response.wsgi_request))


def test_bulk_delete_of_a_home_page_is_refused(client, superuser, community_a):
    client.force_login(superuser)
    english_home = home_of(community_a).get_translations().get()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])

    response = client.post(f"{url}?id={english_home.pk}")

    assert response.status_code == 302
    assert Page.objects.filter(pk=english_home.pk).exists()


# --- images and documents --------------------------------------------------------------------


@pytest.fixture
def media(community_a, community_b):
    return {
        "a_image": ImageFactory(title="A 的图片", collection=community_a.collection),
        "b_image": ImageFactory(title="B 的图片", collection=community_b.collection),
        "a_doc": DocumentFactory(title="A 的文件", collection=community_a.collection),
        "b_doc": DocumentFactory(title="B 的文件", collection=community_b.collection),
    }


def _upload(client, kind: str, title: str, collection) -> object:
    if kind == "image":
        file = png()
    else:
        file = io.BytesIO(b"notice")
        file.name = "notice.txt"
    url = reverse("wagtailimages:add" if kind == "image" else "wagtaildocs:add")
    return client.post(url, {"title": title, "file": file, "collection": collection.pk})


MEDIA_MODELS = {"image": Image, "document": Document}


@pytest.mark.parametrize("kind", ["image", "document"])
def test_upload_naming_another_communitys_collection_lands_in_the_editors_own(
    client_a, community_a, community_b, kind
):
    # With one collection to add to, Wagtail drops the collection field and uses that one:
    # whatever collection the request names, the file lands in A's.
    response = _upload(client_a, kind, "上传", community_b.collection)

    assert response.status_code == 302
    item = MEDIA_MODELS[kind].objects.get(title="上传")
    assert item.collection_id == community_a.collection_id
    assert not MEDIA_MODELS[kind].objects.filter(collection=community_b.collection).exists()


@pytest.mark.parametrize("kind", ["image", "document"])
def test_editor_of_two_communities_may_upload_into_either_but_not_a_third(
    client_a, editor_a, make_community, community_a, community_b, kind
):
    community_c = make_community(subdistrict="粤海街道", name="科技园社区", slug="nanshan-yh-kjy")
    editor_a.groups.add(community_c.editors_group)

    into_b = _upload(client_a, kind, "偷放", community_b.collection)
    into_c = _upload(client_a, kind, "放好", community_c.collection)

    assert into_b.status_code == 200
    assert "collection" in into_b.context["form"].errors
    assert not MEDIA_MODELS[kind].objects.filter(title="偷放").exists()
    assert into_c.status_code == 302
    assert MEDIA_MODELS[kind].objects.get(title="放好").collection_id == community_c.collection_id


def test_choosers_list_only_the_editors_own_collection(client_a, media, community_b):
    def chooser(name, **params):
        response = client_a.get(reverse(name), params)
        assert response.status_code == 200
        return response.json()["html"]

    images = chooser("wagtailimages_chooser:choose")
    documents = chooser("wagtaildocs_chooser:choose")
    # Asking for B's collection explicitly does not open it either.
    images_b = chooser("wagtailimages_chooser:choose", collection_id=community_b.collection_id)

    assert "A 的图片" in images and "B 的图片" not in images
    assert "A 的文件" in documents and "B 的文件" not in documents
    assert "B 的图片" not in images_b


@pytest.mark.parametrize(
    ("chosen", "mine", "theirs"),
    [
        ("wagtailimages_chooser:chosen", "a_image", "b_image"),
        ("wagtaildocs_chooser:chosen", "a_doc", "b_doc"),
    ],
)
def test_choosing_by_id_is_refused_for_another_communitys_media(
    client_a, media, chosen, mine, theirs
):
    # The chooser's "chosen" step takes an id from the URL; a hand-made id must not pass.
    assert_refused(client_a.get(reverse(chosen, args=[media[theirs].pk])))
    response = client_a.get(reverse(chosen, args=[media[mine].pk]))
    assert response.status_code == 200
    assert response.json()["step"] == "chosen"


def test_editor_cannot_edit_or_delete_another_communitys_media(client_a, media):
    for name, item in (
        ("wagtailimages:edit", media["b_image"]),
        ("wagtailimages:delete", media["b_image"]),
        ("wagtaildocs:edit", media["b_doc"]),
        ("wagtaildocs:delete", media["b_doc"]),
    ):
        assert_refused(client_a.post(reverse(name, args=[item.pk]), {"title": "改"}))
    assert Image.objects.get(pk=media["b_image"].pk).title == "B 的图片"
    assert Document.objects.get(pk=media["b_doc"].pk).title == "B 的文件"
    assert (
        client_a.get(reverse("wagtailimages:edit", args=[media["a_image"].pk])).status_code == 200
    )


# --- site settings ---------------------------------------------------------------------------


def _settings_url(community) -> str:
    return reverse(
        "wagtailsettings:edit", args=["communities", "communitysettings", community.site_id]
    )


def test_editor_changes_own_site_settings_only(client_a, community_a, community_b):
    data = {
        "contact_phone": "0755-86001234",
        "address": "新地址",
        "opening_hours": "",
        "wechat_account": "",
        "who_may_post": "signed_in",
        "who_may_vote": "residents",
    }

    assert_refused(client_a.get(_settings_url(community_b)))
    refused = client_a.post(_settings_url(community_b), data)
    saved = client_a.post(_settings_url(community_a), data)

    assert_refused(refused)
    assert CommunitySettings.for_site(community_b.site).address == ""
    assert saved.status_code == 302
    assert CommunitySettings.for_site(community_a.site).address == "新地址"


def test_settings_menu_opens_the_editors_own_site(client_a, community_a):
    url = reverse("wagtailsettings:edit", args=["communities", "communitysettings"])

    response = client_a.get(url)

    assert response.status_code == 302
    assert response["Location"] == _settings_url(community_a)


# --- moderators ------------------------------------------------------------------------------


def test_moderator_has_moderation_rights_only(client, moderator_a, community_a, community_b, pages):
    client.force_login(moderator_a)

    assert can_moderate(moderator_a, community_a)
    assert not can_moderate(moderator_a, community_b)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=[pages["a_about"].pk])))
    assert_refused(client.get(reverse("wagtailadmin_explore_root")))
    assert_refused(
        client.post(
            reverse("wagtailimages:add"),
            {"title": "版主图片", "file": png(), "collection": community_a.collection_id},
        )
    )
    assert not Image.objects.filter(title="版主图片").exists()
    assert_refused(_upload(client, "document", "版主文件", community_a.collection))
    assert not Document.objects.filter(title="版主文件").exists()
    assert_refused(client.post(_settings_url(community_a), {"address": "版主改的"}))
    assert CommunitySettings.for_site(community_a.site).address == ""


def test_editor_is_no_moderator(editor_a, community_a):
    assert not can_moderate(editor_a, community_a)


# --- the page chooser (documents Wagtail's behaviour, which is not tenant-aware) ---------------


def _choosable_ids(client, url: str, **params) -> set[int]:
    response = client.get(url, params)
    assert response.status_code == 200
    html = response.json()["html"]
    return {int(pk) for pk in re.findall(r'class="choose-page" href="#(\d+)"', html)}


def test_page_chooser_is_not_tenant_aware_for_links(client_a, community_a, community_b):
    """Wagtail 8's page chooser browses the whole tree: A's editor sees B's pages there and may
    pick them, e.g. as a link target. It only greys out pages when the caller asks for a right
    (moving, copying, adding under). Editing rights are unaffected; see the lead's docs."""
    b_home = home_of(community_b)
    b_children = set(b_home.get_children().values_list("pk", flat=True))
    a_home = home_of(community_a)

    at_root = _choosable_ids(client_a, reverse("wagtailadmin_choose_page"))
    in_b = _choosable_ids(client_a, reverse("wagtailadmin_choose_page_child", args=[b_home.pk]))
    b_for_moving = _choosable_ids(
        client_a,
        reverse("wagtailadmin_choose_page_child", args=[b_home.pk]),
        user_perms="add_subpage",
    )
    a_for_moving = _choosable_ids(
        client_a,
        reverse("wagtailadmin_choose_page_child", args=[a_home.pk]),
        user_perms="add_subpage",
    )

    assert {a_home.pk, b_home.pk} <= at_root
    assert b_children <= in_b
    assert b_for_moving == set()
    # The forum, "say" and polls pages take no child pages, so nothing can be moved under them.
    open_parents = a_home.get_children().exclude(slug__in=["forum", "say", "polls"])
    assert set(open_parents.values_list("pk", flat=True)) <= a_for_moving
