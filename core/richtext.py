"""The small, safe HTML that rich texts (good practices) may contain (sanitised with nh3).

Editors write paragraphs, emphasis, lists and links; anything else (scripts, event
handlers, styles, iframes, javascript: links) is removed before the text is stored,
so nothing hostile can reach a page whatever path wrote it.
"""

import html
import re

import nh3

TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ATTRIBUTES = {"a": {"href", "title", "hreflang"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise(value: str | None) -> str | None:
    if not value:
        return value
    return nh3.clean(
        value,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        # Drop the content of script/style entirely, not just the tags.
        clean_content_tags={"script", "style"},
    ).strip()


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(value: str | None) -> str:
    """The words of a sanitised HTML text, for search, CSV and feeds."""
    if not value:
        return ""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()
