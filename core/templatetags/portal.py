"""Template helpers of the public portal."""

from django import template
from django.conf import settings
from django.core.files.storage import default_storage
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order

from core.renditions import srcset_of
from core.richtext import sanitise

register = template.Library()


def shown_language(obj, field: str) -> str | None:
    """The language of the text that ``obj.field`` shows: the reader's, or the first of
    the model's fallback languages that has one (English for most models; a news post
    falls back to the language it was written in). None for an untranslated field."""
    try:
        options = translator.get_options_for_model(type(obj))
    except NotRegistered:
        return None
    if field not in options.all_fields:
        return None
    language = get_language() or settings.LANGUAGE_CODE
    order = resolution_order(language, getattr(options, "fallback_languages", None))
    for code in order:
        if getattr(obj, build_localized_fieldname(field, code), None):
            return code
    return None


def is_fallback(obj, field: str) -> bool:
    """True when ``obj.field`` shows another language because the reader's is empty."""
    shown = shown_language(obj, field)
    return shown is not None and shown != (get_language() or settings.LANGUAGE_CODE)


# One sentence per language, so that each can be inflected as its language needs
# ("saatavilla vain saksaksi", "dostępne tylko po niemiecku").
ONLY_IN = {
    "en": gettext_lazy("available in English only"),
    "fi": gettext_lazy("available in Finnish only"),
    "de": gettext_lazy("available in German only"),
    "pl": gettext_lazy("available in Polish only"),
    "es": gettext_lazy("available in Spanish only"),
    "ca": gettext_lazy("available in Catalan only"),
    "it": gettext_lazy("available in Italian only"),
    "fr": gettext_lazy("available in French only"),
}


def only_in(code: str) -> str:
    """The note after a text shown in another language than the reader's."""
    if code in ONLY_IN:
        return str(ONLY_IN[code])
    # Translators: after a text shown in a language the portal has no sentence for.
    return _("available in %(language)s only") % {
        "language": _(dict(settings.LANGUAGES).get(code, code))
    }


@register.simple_tag
def translated(
    obj,
    field: str,
    block: bool = False,
    note: bool = True,
    rich: bool = False,
    top_heading: int = 3,
):
    """Render a translated model field; a fallback (English, mostly) is marked as such.

    The fallback text gets ``lang="en"`` (WCAG 3.1.2, language of parts; the code of
    the language shown) and a short note, so a reader never meets an empty space or an
    unannounced other language.
    ``block=True`` renders paragraphs (for descriptions) instead of inline text;
    ``note=False`` keeps only the language mark (for names, which are proper nouns).
    ``rich=True`` renders a rich text (sanitised again here, whatever was stored), with
    headings from ``<h{top_heading}>`` on.
    """
    value = getattr(obj, field, "") or ""
    if not value:
        return ""
    if rich and "<" in value:
        block = True
        body = sanitise(value, top_heading=top_heading)
    elif block or rich:
        block = True
        body = linebreaks_filter(value, autoescape=True)
    else:
        body = conditional_escape(value)
    if not is_fallback(obj, field):
        return mark_safe(body)  # noqa: S308 - escaped or sanitised above
    body = mark_safe(body)  # noqa: S308 - escaped or sanitised above
    code = shown_language(obj, field)
    if not note:
        return format_html('<span lang="{}">{}</span>', code, body)
    text = only_in(code)
    if block:
        return format_html(
            '<div lang="{}">{}</div><p class="fallback-note">{}</p>', code, body, text
        )
    return format_html(
        '<span lang="{}">{}</span> <span class="fallback-note">({})</span>', code, body, text
    )


@register.simple_tag
def fallback_lang(obj, field: str) -> str:
    """`` lang="en"`` for an element whose text is ``obj.field`` shown in a fallback
    language (for text a template shapes itself, e.g. a truncated title in a breadcrumb)."""
    if not is_fallback(obj, field):
        return ""
    return format_html(' lang="{}"', shown_language(obj, field))


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


@register.simple_tag
def stored_img(name, renditions, alt, sizes="100vw", width=640, height=360):
    """An ``<img>`` of a stored image known by its file ``name`` and its copies
    (``renditions``, as :func:`responsive_img` reads them), for rows that carry only
    those (a card's first image, fetched in the list's own query); ``width`` and
    ``height`` give the proportions where there are no copies."""
    if not name:
        return ""
    value = renditions if isinstance(renditions, dict) else {}
    if value.get("source") == name and value.get("sizes"):
        attrs = format_html('alt="{}" loading="lazy" decoding="async"', alt or "")
        return _with_copies(value, sizes, attrs)
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">',
        default_storage.url(name),
        width,
        height,
        alt or "",
    )


@register.simple_tag
def responsive_img(
    obj, sizes="100vw", alt="alt_text", image="image", renditions="renditions", css_class=""
):
    """An ``<img>`` of ``obj``'s stored image (the field ``image``) and its smaller copies
    (``core.renditions``, in the field ``renditions``): the smallest copy as ``src``, every
    copy and the original in ``srcset``, the proportions as ``width`` and ``height`` (no
    jump as it loads), the text alternative of the field ``alt`` (marked with its language
    when it is a fallback), loaded lazily. An image saved before it had copies is shown
    by itself."""
    file = getattr(obj, image, None)
    if not file:
        return ""
    value = getattr(obj, renditions, None) or {}
    attrs = format_html(
        'alt="{}"{} loading="lazy" decoding="async"{}',
        getattr(obj, alt, "") or "",
        fallback_lang(obj, alt),
        format_html(' class="{}"', css_class) if css_class else "",
    )
    if value.get("source") != file.name:
        width, height = getattr(obj, f"{image}_width", None), getattr(obj, f"{image}_height", None)
        size = format_html(' width="{}" height="{}"', width, height) if width and height else ""
        return format_html('<img src="{}"{} {}>', file.url, size, attrs)
    return _with_copies(value, sizes, attrs)


def _with_copies(value, sizes, attrs):
    """The ``<img>`` of stored copies (``core.renditions``): the smallest as ``src``."""
    smallest = (value.get("sizes") or [value | {"name": value["source"]}])[0]
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" {}>',
        default_storage.url(smallest["name"]),
        srcset_of(value, default_storage.url),
        sizes,
        smallest["width"],
        smallest["height"],
        attrs,
    )


# Words an organisation's initials skip ("Office of the Regional Government" is ORG).
_MINOR_WORDS = {"of", "the", "and", "for", "de", "del", "der", "des", "di", "la", "le", "und"}


@register.filter
def initials(organisation) -> str:
    """What an organisation's text badge says where it has no logo: its short name (an
    acronym, the same in every language), else the initials of its English name (at most
    three letters, so that the badge is the same on every page and in every language)."""
    short = getattr(organisation, "short_name", "")
    if short:
        return short
    name = getattr(organisation, "name_en", None) or str(getattr(organisation, "name", ""))
    words = [w for w in name.replace("-", " ").split() if w.lower() not in _MINOR_WORDS]
    letters = [w.lstrip(".,(")[:1].upper() for w in words if w.lstrip(".,(")[:1].isalnum()]
    return "".join(letters[:3])


@register.filter
def tone(obj, count: int = 4) -> int:
    """One of ``count`` colours for a record, the same on every page (its primary key)."""
    return (obj.pk or 0) % int(count)
