"""Provisioning is idempotent, completes half-provisioned communities and is all or nothing.

"Nothing changed" is checked twice: the row counts of the tables provisioning writes, and
every row of every table in the database (which also catches an update in place, such as a
new latest revision or a touched timestamp).
"""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Revision,
    Site,
)
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from communities.models import Community, CommunitySettings, Grid, Subdistrict
from communities.services import (
    CommunitySpec,
    ProvisioningError,
    provision_communities,
    provision_community,
)
from forums.models import Board
from forums.services.boards import DEFAULT_BOARDS
from tests.conftest import changed_tables, database_rows

pytestmark = pytest.mark.django_db

INVOLVED = (
    Page,
    Revision,
    Site,
    Collection,
    Group,
    GroupPagePermission,
    GroupCollectionPermission,
    GroupSitePermission,
    Translation,
    TranslationSource,
    StringTranslation,
    Community,
    Subdistrict,
    Grid,
    CommunitySettings,
    Board,
)
# What one community adds: home, news, about, "say" (我有话说), forum and polls (民意议事) pages
# in zh-hans and en; the forum's default boards; editor page rights
# (6) on both home pages; image and document rights (4 + 4) on its collection; settings right.
PER_COMMUNITY = {
    "wagtailcore.Page": 12,
    "wagtailcore.Site": 1,
    "wagtailcore.Collection": 1,
    "auth.Group": 2,
    "wagtailcore.GroupPagePermission": 12,
    "wagtailcore.GroupCollectionPermission": 8,
    "wagtailcore.GroupSitePermission": 1,
    "wagtail_localize.Translation": 6,
    "wagtail_localize.TranslationSource": 6,
    "forums.Board": len(DEFAULT_BOARDS),
    "communities.Community": 1,
    "communities.CommunitySettings": 1,
}
SPECS = [
    CommunitySpec("南山区", "招商街道", "花果山社区", slug="nanshan-zhaoshang-hgs", grids=3),
    CommunitySpec("南山区", "蛇口街道", "湾厦社区", grids=2),
]
CSV = (
    "district,subdistrict,community,slug,grids\n"
    "南山区,招商街道,花果山社区,nanshan-zhaoshang-hgs,3\n"
    "南山区,蛇口街道,湾厦社区,,2\n"
)


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in INVOLVED}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a callable, then what it queued for after commit, as a real commit would.

    A second run must change nothing even after everything the first run deferred has run.
    """

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def test_first_run_creates_each_community_completely(portal, district, committed):
    before = counts()

    reports = committed(provision_communities, SPECS)

    after = counts()
    for label, per_community in PER_COMMUNITY.items():
        assert after[label] - before[label] == 2 * per_community, label
    assert after["communities.Grid"] - before["communities.Grid"] == 5
    assert after["communities.Subdistrict"] - before["communities.Subdistrict"] == 2
    assert all(report.changed for report in reports)


def test_second_run_of_the_service_creates_and_changes_nothing(portal, district, committed):
    committed(provision_communities, SPECS)
    before_counts, before_rows = counts(), database_rows()

    reports = committed(provision_communities, SPECS)

    assert [report.created for report in reports] == [[], []]
    assert counts() == before_counts
    assert changed_tables(before_rows, database_rows()) == {}


def test_second_run_of_the_command_creates_and_changes_nothing(
    portal, district, committed, tmp_path, capsys
):
    path = tmp_path / "communities.csv"
    path.write_text(CSV, encoding="utf-8")
    committed(call_command, "provision_communities", "--from-csv", str(path))
    assert "2 communities checked, 2 created or completed." in capsys.readouterr().out
    before_counts, before_rows = counts(), database_rows()

    committed(call_command, "provision_communities", "--from-csv", str(path))

    assert "2 communities checked, 0 created or completed." in capsys.readouterr().out
    assert counts() == before_counts
    assert changed_tables(before_rows, database_rows()) == {}


# --- half-provisioned communities are completed ------------------------------------------------


def shape(community: Community) -> dict:
    """What provisioning promises about a community, independent of primary keys."""
    community.refresh_from_db()
    home = community.site.root_page
    roots = list(home.get_translations(inclusive=True))
    editors = community.editors_group
    return {
        "site": (community.site.hostname, community.site.root_page_id == home.pk),
        "settings": CommunitySettings.objects.filter(site=community.site).count(),
        "pages": sorted(
            (page.locale.language_code, page.depth, page.content_type.model, page.title)
            for root in roots
            for page in Page.objects.descendant_of(root, inclusive=True).select_related("locale")
        ),
        "page rights": sorted(
            (p.page.locale.language_code, p.permission.codename)
            for p in GroupPagePermission.objects.filter(group=editors, page__in=roots)
        ),
        "collection rights": sorted(
            p.permission.codename
            for p in GroupCollectionPermission.objects.filter(
                group=editors, collection=community.collection
            )
        ),
        "site rights": sorted(
            p.permission.codename
            for p in GroupSitePermission.objects.filter(group=editors, site=community.site)
        ),
        "admin access": [
            group.permissions.filter(codename="access_admin").count()
            for group in (editors, community.moderators_group)
        ],
        "grids": sorted(Grid.objects.filter(community=community).values_list("code", flat=True)),
    }


def drop_english_home(community):
    home = community.site.root_page
    home.get_translations().get(locale__language_code="en").delete()


def drop_collection(community):
    collection = community.collection
    Community.objects.filter(pk=community.pk).update(collection=None)
    collection.delete()


def drop_site(community):
    site = community.site
    Community.objects.filter(pk=community.pk).update(site=None)
    site.delete()  # its settings and site permission go with it


def drop_settings(community):
    CommunitySettings.objects.filter(site=community.site).delete()


def drop_standard_page(community):
    # As the admin deletes it: the page with its English translation.
    about = community.site.root_page.get_children().get(slug="about")
    for page in about.get_translations(inclusive=True):
        page.delete()


def revoke_rights(community):
    GroupPagePermission.objects.filter(group=community.editors_group).delete()
    GroupCollectionPermission.objects.filter(group=community.editors_group).delete()
    community.editors_group.permissions.clear()


def drop_middle_grid(community):
    Grid.objects.filter(community=community, code=f"{community.code}002").delete()


@pytest.mark.parametrize(
    "breakage",
    [
        drop_english_home,
        drop_collection,
        drop_site,
        drop_settings,
        drop_standard_page,
        revoke_rights,
        drop_middle_grid,
    ],
)
def test_rerun_completes_a_half_provisioned_community(portal, district, committed, breakage):
    committed(provision_communities, SPECS)
    community = Community.objects.get(slug="nanshan-zhaoshang-hgs")
    complete = shape(community)
    breakage(community)
    community.refresh_from_db()
    if community.site_id:
        assert shape(community) != complete  # the breakage really broke something

    reports = committed(provision_communities, SPECS)

    assert reports[0].changed and not reports[1].changed
    assert shape(community) == complete
    before = database_rows()
    committed(provision_communities, SPECS)
    assert changed_tables(before, database_rows()) == {}


# --- all or nothing ----------------------------------------------------------------------------


def test_failure_on_the_third_community_rolls_back_the_first_two(portal, district):
    third = CommunitySpec("不存在区", "某街道", "某社区", slug="nowhere", row=4)
    before = database_rows()

    with pytest.raises(ProvisioningError) as raised, translation.override("en"):
        provision_communities([*SPECS, third])

    assert str(raised.value) == "row 4: 某社区: Unknown district “不存在区”."
    assert changed_tables(before, database_rows()) == {}


def test_command_failing_while_writing_row_four_creates_nothing(portal, district, tmp_path):
    # The file is valid; the third community's host name is already taken by a site someone
    # made by hand, which only shows when its site is written, after two communities.
    root = Page.get_first_root_node()
    Site.objects.create(hostname="nanshan-xili-dk.localhost", port=80, root_page=root)
    path = tmp_path / "communities.csv"
    path.write_text(CSV + "南山区,西丽街道,大勘社区,nanshan-xili-dk,\n", encoding="utf-8")
    before = database_rows()

    with pytest.raises(CommandError) as raised, translation.override("en"):
        call_command("provision_communities", "--from-csv", str(path))

    message = str(raised.value)
    assert message.startswith("Provisioning failed; nothing was created: row 4: 大勘社区:")
    assert "nanshan-xili-dk.localhost already serves another page" in message
    assert changed_tables(before, database_rows()) == {}


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        (CommunitySpec("南山区", "招商街道", "", slug="empty-name"), "name"),
        (CommunitySpec("南山区", " ", "某社区", slug="blank-sub"), "subdistrict"),
        (CommunitySpec("南山区", "招商街道", "长" * 51, slug="too-long"), "name"),
        (CommunitySpec("南山区", "招商街道", "某社区", slug="Bad_Slug"), "slug"),
        (CommunitySpec("南山区", "招商街道", "某社区", slug="-edge"), "slug"),
        (CommunitySpec("南山区", "招商街道", "某社区", grids=201), "grids"),
        (CommunitySpec("南山区", "招商街道", "某社区", grids=-1), "grids"),
        (CommunitySpec("北山区", "招商街道", "某社区"), "district"),
    ],
)
def test_service_refuses_a_bad_spec_and_writes_nothing(portal, district, spec, field):
    before = database_rows()

    with pytest.raises(ProvisioningError) as raised:
        provision_community(spec)

    assert raised.value.field == field
    assert changed_tables(before, database_rows()) == {}


def test_must_be_new_refuses_an_existing_community(community_a):
    spec = CommunitySpec("南山区", "招商街道", "花果山社区")
    before = database_rows()

    with pytest.raises(ProvisioningError) as raised:
        provision_community(spec, must_be_new=True)

    assert raised.value.field == "name"
    assert changed_tables(before, database_rows()) == {}


def test_slug_of_another_community_is_refused(community_a):
    with pytest.raises(ProvisioningError) as raised:
        provision_community(CommunitySpec("南山区", "招商街道", "新社区", slug=community_a.slug))

    assert raised.value.field == "slug"


@pytest.mark.parametrize("slug", ["{a}-en", "portal"])
def test_slug_of_another_sites_home_page_is_refused(community_a, slug):
    # "<slug>-en" is community A's English home page; "portal" the city portal's home.
    before = database_rows()
    with pytest.raises(ProvisioningError) as raised:
        provision_community(
            CommunitySpec("南山区", "招商街道", "新社区", slug=slug.format(a=community_a.slug))
        )

    assert raised.value.field == "slug"
    assert changed_tables(before, database_rows()) == {}


def test_codes_skip_numbers_left_taken_after_a_deletion(portal, district):
    # One subdistrict whose code is the one "count + 1" would give the next; same for a
    # community. Provisioning must pick free codes, not fail on the unique constraint.
    Subdistrict.objects.create(district=district, name="旧街道", code=f"{district.code}002")
    first = provision_community(CommunitySpec("南山区", "招商街道", "甲社区", slug="jia")).community
    Community.objects.filter(pk=first.pk).update(code=f"{first.subdistrict.code}002")

    second = provision_community(CommunitySpec("南山区", "招商街道", "乙社区", slug="yi")).community

    assert first.subdistrict.code == f"{district.code}003"
    assert second.code == f"{first.subdistrict.code}003"
