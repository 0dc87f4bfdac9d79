"""English counterparts of provisioned pages, made through wagtail-localize.

Each page gets a localize ``Translation`` (synced mode), so editors translate it page by page
in localize's editor; the title is pre-translated so the English site is navigable at once.
No tree synchronisation: it would copy every page of 673 sites.
"""

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringTranslation,
    Translation,
    TranslationLog,
    TranslationSource,
)


def _pretranslated(page: Page, locale: Locale, title: str) -> dict[str, str]:
    """Segment values stored before the copy is made, by segment path."""
    values = {"title": title}
    if page.depth == 2:
        # Wagtail copies a top-level page next to its source as "<slug>-<lang>". Untranslated,
        # the slug segment would fall back to the source's, and localize's next sync would
        # rename the page "<slug>-1" (a slug change, with its redirect check on commit).
        values["slug"] = f"{page.slug}-{locale.language_code}"
    return {path: value for path, value in values.items() if value}


@transaction.atomic
def ensure_translation(page: Page, locale: Locale, title: str) -> bool:
    """Create and publish ``page``'s translation into ``locale`` if it has none.

    True if one was made. Everything happens inside the caller's transaction.
    """
    if page.get_translations().filter(locale=locale).exists():
        return False
    page = page.specific
    source, _ = TranslationSource.get_or_create_from_instance(page)
    values = _pretranslated(page, locale, title)
    segments = source.stringsegment_set.select_related("string", "context").filter(
        context__path__in=values
    )
    for segment in segments:
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": values[segment.context.path]},
        )
    Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    # The page itself as ``Translation.save_target`` would make it from these strings (a fresh
    # copy holds the source's values, which is what localize falls back to), minus its second
    # full save and segment round trip: 673 communities × 3 pages made that a fifth of the
    # provisioning time. localize would also publish on commit: after the caller's
    # transaction (outside "all or nothing"), and never in a test's rolled-back transaction.
    translated = page.copy_for_translation(locale)
    # Renamed in the row too, so that publishing does not log a rename from the source title.
    Page.objects.filter(pk=translated.pk).update(title=title, draft_title=title)
    translated.title = translated.draft_title = title
    revision = translated.save_revision()
    TranslationLog.objects.create(source=source, locale=locale, revision=revision)  # as localize
    revision.publish()
    return True
