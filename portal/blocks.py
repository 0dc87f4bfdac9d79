"""StreamField blocks shared by every page type, city and community alike."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        template = "portal/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=200,
        help_text=_("Describe the picture for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "portal/blocks/image.html"


class NoticeBlock(blocks.StructBlock):
    """A highlighted box for what residents must not miss (deadlines, closures)."""

    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "portal/blocks/notice.html"


class DocumentsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=80, default=_("Downloads"))
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Document")))

    class Meta:
        icon = "doc-full"
        template = "portal/blocks/documents.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    notice = NoticeBlock()
    documents = DocumentsBlock()

    class Meta:
        template = "portal/blocks/body.html"
