"""English counterparts of provisioned pages, made through wagtail-localize.

Each page gets a localize ``Translation`` (synced mode), so editors translate it page by page
in localize's editor; the title is pre-translated so the English site is navigable at once.
No tree synchronisation: it would copy every page of 673 sites.
"""

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource


@transaction.atomic
def ensure_translation(page: Page, locale: Locale, title: str) -> bool:
    """Create ``page``'s translation into ``locale`` if it has none. True if one was made."""
    if page.get_translations().filter(locale=locale).exists():
        return False
    source, _ = TranslationSource.get_or_create_from_instance(page.specific)
    segment = (
        source.stringsegment_set.select_related("string", "context")
        .filter(context__path="title")
        .first()
    )
    if segment is not None and title:
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": title},
        )
    target, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    target.save_target(publish=True)
    return True
