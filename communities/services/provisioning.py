"""Provisioning (开通): create a community's site completely, and only what is missing.

One service used by ``manage.py provision_communities``, ``manage.py seed_demo`` and the admin.
Running it again for a community that is already complete creates and changes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Collection, Locale, Page, Site

from communities.models import (
    Community,
    CommunityHomePage,
    CommunitySettings,
    District,
    Grid,
    NewsIndexPage,
    StandardPage,
    Subdistrict,
)
from communities.naming import community_slug, initials_of, pinyin_of, strip_division_suffix
from forums.models import ForumIndexPage, PostIndexPage
from forums.services.boards import ensure_default_boards
from polls.models import PollIndexPage

from . import translation
from .permissions import PermissionCatalogue, ensure_group, grant_editor_rights
from .specs import SLUG_PATTERN, CommunitySpec, ProvisioningError, check_spec

__all__ = [
    "CommunitySpec",
    "ProvisionReport",
    "ProvisioningError",
    "provision_communities",
    "provision_community",
]

SOURCE_LANGUAGE = "zh-hans"
TRANSLATION_LANGUAGE = "en"


def _free_code(model: type[models.Model], prefix: str, start: int) -> str:
    """The first ``<prefix><nnn>`` from ``start`` that no row uses yet.

    Counting siblings alone is not enough: after a deletion, count + 1 can be taken.
    """
    taken = set(model.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    number = start
    while f"{prefix}{number:03d}" in taken:
        number += 1
    return f"{prefix}{number:03d}"


@dataclass
class ProvisionReport:
    community: Community
    created: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created)


@dataclass(frozen=True)
class StandardChild:
    """A page every community site starts with."""

    model: type[Page]
    slug: str
    title: str
    title_en: str


STANDARD_CHILDREN = (
    StandardChild(NewsIndexPage, "news", "新闻公告", "News and notices"),
    StandardChild(StandardPage, "about", "社区概况", "About the community"),
    StandardChild(PostIndexPage, "say", "我有话说", "I have something to say"),
    StandardChild(ForumIndexPage, "forum", "社区论坛", "Community forum"),
    StandardChild(PollIndexPage, "polls", "民意议事", "Polls and votes"),
)


def _collection_name(name: str, slug: str) -> str:
    return f"{name} · {slug}"


class Provisioner:
    """Holds what is shared across one run (locales, root page, permissions)."""

    def __init__(self) -> None:
        self.catalogue = PermissionCatalogue()
        self.zh, _ = Locale.objects.get_or_create(language_code=SOURCE_LANGUAGE)
        self.en, _ = Locale.objects.get_or_create(language_code=TRANSLATION_LANGUAGE)
        self.tree_root = Page.get_first_root_node()
        self.root_collection = Collection.get_first_root_node()
        self._districts = {d.name: d for d in District.objects.all()}

    def prepare_collections(self, specs: list[CommunitySpec]) -> None:
        """Create the collections of the specs' new communities up front, in name order.

        Wagtail keeps collections sorted by name: treebeard inserts a new one in place and
        moves each later sibling with an UPDATE of its own (48 ms a community on average
        when 673 are provisioned). Made in name order, each lands last; ``_collection`` then
        adopts it as it adopts a collection whose link was lost.
        """
        existing = set(
            Community.objects.values_list(
                "subdistrict__district__name", "subdistrict__name", "name"
            )
        )
        names = set()
        for spec in specs:
            if (spec.district, spec.subdistrict, spec.name) in existing:
                continue
            try:
                check_spec(spec)
            except ProvisioningError:
                continue  # ``run`` refuses it with the reason
            slug = spec.slug or community_slug(spec.district, spec.subdistrict, spec.name)
            names.add(_collection_name(spec.name, slug))
        taken = set(self.root_collection.get_children().values_list("name", flat=True))
        for name in sorted(names - taken):
            self.root_collection.add_child(name=name)

    def district(self, name: str) -> District:
        try:
            return self._districts[name]
        except KeyError:
            raise ProvisioningError(_("Unknown district “%s”.") % name, field="district") from None

    def run(self, spec: CommunitySpec, must_be_new: bool = False) -> ProvisionReport:
        check_spec(spec)
        district = self.district(spec.district)
        subdistrict, made = self._subdistrict(district, spec.subdistrict)
        community, community_made = self._community(subdistrict, spec)
        if must_be_new and not community_made:
            raise ProvisioningError(
                _("%(name)s already exists in %(subdistrict)s.")
                % {"name": spec.name, "subdistrict": subdistrict.name},
                field="name",
            )
        report = ProvisionReport(community)
        if made:
            report.created.append("subdistrict")
        if community_made:
            report.created.append("community")
            # In the audit log (the admin's history reports); the acting user comes from
            # Wagtail's log context, which the admin sets per request.
            log(community, "wagtail.create")
        home = self._home_page(community, report)
        self._site(community, home, report)
        self._translations(community, home, report)
        collection = self._collection(community, report)
        self._groups(community, home, collection, report)
        self._grids(community, spec.grids, report)
        boards = ensure_default_boards(community)
        if boards:
            report.created.append(f"{boards} forum boards")
        return report

    def _subdistrict(self, district: District, name: str) -> tuple[Subdistrict, bool]:
        existing = Subdistrict.objects.filter(district=district, name=name).first()
        if existing:
            return existing, False
        sequence = Subdistrict.objects.filter(district=district).count() + 1
        subdistrict = Subdistrict.objects.create(
            district=district,
            name=name,
            code=_free_code(Subdistrict, district.code, sequence),
            pinyin=pinyin_of(strip_division_suffix(name)),
        )
        return subdistrict, True

    def _community(self, subdistrict: Subdistrict, spec: CommunitySpec) -> tuple[Community, bool]:
        existing = Community.objects.filter(subdistrict=subdistrict, name=spec.name).first()
        if existing:
            if spec.slug and spec.slug != existing.slug:
                raise ProvisioningError(
                    _("%(name)s already exists with the slug “%(slug)s”.")
                    % {"name": spec.name, "slug": existing.slug},
                    field="slug",
                )
            return existing, False
        slug = spec.slug or community_slug(subdistrict.district.name, subdistrict.name, spec.name)
        if not SLUG_PATTERN.match(slug):
            raise ProvisioningError(
                _("No host name can be made from this name; give a slug."), field="slug"
            )
        if Community.objects.filter(slug=slug).exists():
            raise ProvisioningError(
                _("The slug “%s” belongs to another community.") % slug, field="slug"
            )
        # Top-level pages share one slug space: every home page and its "<slug>-en" copy.
        if Page.objects.filter(depth=2, slug__in=[slug, f"{slug}-{TRANSLATION_LANGUAGE}"]).exists():
            raise ProvisioningError(
                _("The slug “%s” is taken by another site's home page.") % slug, field="slug"
            )
        sequence = Community.objects.filter(subdistrict=subdistrict).count() + 1
        stem = strip_division_suffix(spec.name)
        community = Community.objects.create(
            subdistrict=subdistrict,
            name=spec.name,
            slug=slug,
            code=_free_code(Community, subdistrict.code, sequence),
            pinyin=pinyin_of(stem),
            initials=initials_of(stem),
        )
        return community, True

    def _home_page(self, community: Community, report: ProvisionReport) -> CommunityHomePage:
        if community.site_id:
            return community.site.root_page.specific
        existing = CommunityHomePage.objects.filter(
            depth=2, slug=community.slug, locale=self.zh
        ).first()
        if existing:
            return existing
        home = CommunityHomePage(title=community.name, slug=community.slug, locale=self.zh)
        self.tree_root.add_child(instance=home)
        home.save_revision(log_action=True).publish(log_action=True)
        report.created.append("home page")
        return home

    def _site(self, community: Community, home: Page, report: ProvisionReport) -> None:
        if not community.site_id:
            site, made = Site.objects.get_or_create(
                hostname=community.hostname,
                port=settings.PORTAL_PORT,
                defaults={"root_page": home, "site_name": community.name},
            )
            if site.root_page_id != home.pk:
                raise ProvisioningError(
                    _("The host name %s already serves another page.") % community.hostname,
                    field="slug",
                )
            community.site = site
            community.save(update_fields=["site"])
            report.created.append("site" if made else "site link")
        # Outside the branch above: settings lost on their own are completed too.
        _settings, made = CommunitySettings.objects.get_or_create(site_id=community.site_id)
        if made:
            report.created.append("settings")

    def _translations(self, community: Community, home: Page, report: ProvisionReport) -> None:
        roots = {"home": home}
        for child in STANDARD_CHILDREN:
            page = home.get_children().filter(slug=child.slug).first()
            if page is None:
                page = child.model(
                    title=child.title, slug=child.slug, locale=self.zh, show_in_menus=True
                )
                home.add_child(instance=page)
                page.save_revision(log_action=True).publish(log_action=True)
                report.created.append(f"{child.slug} page")
            roots[child.slug] = page
        titles = {"home": f"{community.pinyin.title()} Community"}
        titles.update({child.slug: child.title_en for child in STANDARD_CHILDREN})
        for key, page in roots.items():
            if translation.ensure_translation(page, self.en, titles[key]):
                report.created.append(f"{key} page ({TRANSLATION_LANGUAGE})")

    def _collection(self, community: Community, report: ProvisionReport) -> Collection:
        if community.collection_id:
            return community.collection
        name = _collection_name(community.name, community.slug)
        # A collection whose link was lost is adopted again rather than duplicated.
        collection = (
            self.root_collection.get_children().filter(name=name, community__isnull=True).first()
        ) or self.root_collection.add_child(name=name)
        community.collection = collection
        community.save(update_fields=["collection"])
        report.created.append("collection")
        return collection

    def _groups(
        self,
        community: Community,
        home: Page,
        collection: Collection,
        report: ProvisionReport,
    ) -> None:
        editors, made_e = ensure_group(f"{community.slug} · editors", self.catalogue)
        moderators, made_m = ensure_group(f"{community.slug} · moderators", self.catalogue)
        if community.editors_group_id != editors.pk or community.moderators_group_id != (
            moderators.pk
        ):
            community.editors_group = editors
            community.moderators_group = moderators
            community.save(update_fields=["editors_group", "moderators_group"])
        roots = list(home.get_translations(inclusive=True).order_by("pk"))
        grants = grant_editor_rights(
            editors, roots, collection, community.site, CommunitySettings, self.catalogue
        )
        if made_e or made_m:
            report.created.append("groups")
        if grants:
            report.created.append(f"{grants} permissions")

    def _grids(self, community: Community, wanted: int, report: ProvisionReport) -> None:
        """At least ``wanted`` grids; never removes any (grid workers and events hang on them)."""
        codes = set(Grid.objects.filter(community=community).values_list("code", flat=True))
        missing = wanted - len(codes)
        if missing <= 0:
            return
        new_grids = []
        number = 0
        while len(new_grids) < missing:
            number += 1
            code = f"{community.code}{number:03d}"
            if code not in codes:  # a gap left by a deleted grid is filled, not collided with
                new_grids.append(Grid(community=community, code=code, name=f"第{number}网格"))
        Grid.objects.bulk_create(new_grids)
        report.created.append(f"{missing} grids")


def provision_community(spec: CommunitySpec, *, must_be_new: bool = False) -> ProvisionReport:
    """Provision one community, all or nothing.

    ``must_be_new`` refuses a community that exists already (the admin's "add" form); without
    it an existing community is completed, which is what a re-run of a CSV wants.
    """
    with transaction.atomic():
        return Provisioner().run(spec, must_be_new=must_be_new)


def provision_communities(
    specs: Iterable[CommunitySpec],
    progress: Callable[[int, ProvisionReport], None] | None = None,
) -> list[ProvisionReport]:
    """Provision many communities in one transaction: any failure leaves nothing behind."""
    specs = list(specs)
    reports = []
    with transaction.atomic():
        provisioner = Provisioner()
        provisioner.prepare_collections(specs)
        for number, spec in enumerate(specs, start=1):
            try:
                reports.append(provisioner.run(spec))
            except ProvisioningError as error:
                where = _("row %d: ") % spec.row if spec.row else ""
                raise ProvisioningError(f"{where}{spec.name}: {error}", error.field) from error
            if progress:
                progress(number, reports[-1])
    return reports
