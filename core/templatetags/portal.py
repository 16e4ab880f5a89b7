"""Template helpers of the public portal."""

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from core.richtext import sanitise

register = template.Library()


def is_fallback(obj, field: str) -> bool:
    """True when ``obj.field`` shows English because the reader's language is empty."""
    language = get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return False
    return not getattr(obj, build_localized_fieldname(field, language), None)


@register.simple_tag
def translated(obj, field: str, block: bool = False, note: bool = True, rich: bool = False):
    """Render a translated model field; an English fallback is marked as such.

    The fallback text gets ``lang="en"`` (WCAG 3.1.2, language of parts) and a short
    note, so a reader never meets an empty space or unannounced English.
    ``block=True`` renders paragraphs (for descriptions) instead of inline text;
    ``note=False`` keeps only the language mark (for names, which are proper nouns).
    ``rich=True`` renders a rich text (sanitised again here, whatever was stored).
    """
    value = getattr(obj, field, "") or ""
    if not value:
        return ""
    if rich and "<" in value:
        block = True
        body = sanitise(value)
    elif block or rich:
        block = True
        body = linebreaks_filter(value, autoescape=True)
    else:
        body = conditional_escape(value)
    if not is_fallback(obj, field):
        return mark_safe(body)  # noqa: S308 - escaped or sanitised above
    body = mark_safe(body)  # noqa: S308 - escaped or sanitised above
    if not note:
        return format_html('<span lang="en">{}</span>', body)
    text = _("available in English only")
    if block:
        return format_html('<div lang="en">{}</div><p class="fallback-note">{}</p>', body, text)
    return format_html(
        '<span lang="en">{}</span> <span class="fallback-note">({})</span>', body, text
    )


@register.simple_tag
def fallback_lang(obj, field: str) -> str:
    """`` lang="en"`` for an element whose text is ``obj.field`` shown in English fallback
    (for text a template shapes itself, e.g. a truncated title in a breadcrumb)."""
    return mark_safe(' lang="en"') if is_fallback(obj, field) else ""


@register.simple_tag
def partner_label(partner):
    """A partner's short name (an acronym, the same in every language) or else its name,
    marked as English when it is the fallback; a name gets no "English only" note."""
    if partner.short_name:
        return conditional_escape(partner.short_name)
    return translated(partner, "name", note=False)


@register.filter
def summary_label(label) -> str:
    """A field label as the start of an error summary entry ("Email: …"), without its own end
    punctuation (a checkbox label is often a sentence)."""
    return str(label or "").rstrip(" .:?!")
