"""Provisioning (开通): create a community's site completely, and only what is missing.

One service used by ``manage.py provision_communities``, ``manage.py seed_demo`` and the admin.
Running it again for a community that is already complete creates and changes nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
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

from . import translation
from .permissions import PermissionCatalogue, ensure_group, grant_editor_rights

SOURCE_LANGUAGE = "zh-hans"
TRANSLATION_LANGUAGE = "en"


class ProvisioningError(Exception):
    """A community cannot be provisioned as asked; nothing has been written for it."""


@dataclass(frozen=True)
class CommunitySpec:
    district: str
    subdistrict: str
    name: str
    slug: str = ""
    grids: int = 0


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
)


class Provisioner:
    """Holds what is shared across one run (locales, root page, permissions)."""

    def __init__(self) -> None:
        self.catalogue = PermissionCatalogue()
        self.zh, _ = Locale.objects.get_or_create(language_code=SOURCE_LANGUAGE)
        self.en, _ = Locale.objects.get_or_create(language_code=TRANSLATION_LANGUAGE)
        self.tree_root = Page.get_first_root_node()
        self.root_collection = Collection.get_first_root_node()
        self._districts = {d.name: d for d in District.objects.all()}

    def district(self, name: str) -> District:
        try:
            return self._districts[name]
        except KeyError:
            raise ProvisioningError(_("Unknown district “%s”.") % name) from None

    def run(self, spec: CommunitySpec) -> ProvisionReport:
        district = self.district(spec.district)
        subdistrict, made = self._subdistrict(district, spec.subdistrict)
        community, community_made = self._community(subdistrict, spec)
        report = ProvisionReport(community)
        if made:
            report.created.append("subdistrict")
        if community_made:
            report.created.append("community")
        home = self._home_page(community, report)
        self._site(community, home, report)
        self._translations(community, home, report)
        collection = self._collection(community, report)
        self._groups(community, home, collection, report)
        self._grids(community, spec.grids, report)
        return report

    def _subdistrict(self, district: District, name: str) -> tuple[Subdistrict, bool]:
        existing = Subdistrict.objects.filter(district=district, name=name).first()
        if existing:
            return existing, False
        sequence = Subdistrict.objects.filter(district=district).count() + 1
        subdistrict = Subdistrict.objects.create(
            district=district,
            name=name,
            code=f"{district.code}{sequence:03d}",
            pinyin=pinyin_of(strip_division_suffix(name)),
        )
        return subdistrict, True

    def _community(self, subdistrict: Subdistrict, spec: CommunitySpec) -> tuple[Community, bool]:
        existing = Community.objects.filter(subdistrict=subdistrict, name=spec.name).first()
        if existing:
            if spec.slug and spec.slug != existing.slug:
                raise ProvisioningError(
                    _("%(name)s already exists with the slug “%(slug)s”.")
                    % {"name": spec.name, "slug": existing.slug}
                )
            return existing, False
        slug = spec.slug or community_slug(subdistrict.district.name, subdistrict.name, spec.name)
        if Community.objects.filter(slug=slug).exists():
            raise ProvisioningError(_("The slug “%s” belongs to another community.") % slug)
        sequence = Community.objects.filter(subdistrict=subdistrict).count() + 1
        stem = strip_division_suffix(spec.name)
        community = Community.objects.create(
            subdistrict=subdistrict,
            name=spec.name,
            slug=slug,
            code=f"{subdistrict.code}{sequence:03d}",
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
        if community.site_id:
            return
        site, made = Site.objects.get_or_create(
            hostname=community.hostname,
            port=settings.PORTAL_PORT,
            defaults={"root_page": home, "site_name": community.name},
        )
        if site.root_page_id != home.pk:
            raise ProvisioningError(
                _("The host name %s already serves another page.") % community.hostname
            )
        community.site = site
        community.save(update_fields=["site"])
        CommunitySettings.objects.get_or_create(site=site)
        report.created.append("site" if made else "site link")

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
        collection = self.root_collection.add_child(name=f"{community.name} · {community.slug}")
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
        have = Grid.objects.filter(community=community).count()
        if have >= wanted:
            return
        Grid.objects.bulk_create(
            Grid(
                community=community,
                code=f"{community.code}{n:03d}",
                name=f"第{n}网格",
            )
            for n in range(have + 1, wanted + 1)
        )
        report.created.append(f"{wanted - have} grids")


def provision_community(spec: CommunitySpec) -> ProvisionReport:
    """Provision one community, all or nothing."""
    with transaction.atomic():
        return Provisioner().run(spec)


def provision_communities(specs: Iterable[CommunitySpec], progress=None) -> list[ProvisionReport]:
    """Provision many communities in one transaction: any failure leaves nothing behind."""
    reports = []
    with transaction.atomic():
        provisioner = Provisioner()
        for number, spec in enumerate(specs, start=1):
            try:
                reports.append(provisioner.run(spec))
            except ProvisioningError as error:
                raise ProvisioningError(f"{spec.name}: {error}") from error
            if progress:
                progress(number, reports[-1])
    return reports
