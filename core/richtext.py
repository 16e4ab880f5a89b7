"""The small, safe HTML that rich texts (good practices) may contain (sanitised with nh3).

Editors write paragraphs, emphasis, lists and links; anything else (scripts, event
handlers, styles, iframes, javascript: links) is removed before the text is stored,
so nothing hostile can reach a page whatever path wrote it.
"""

import html
import re

import nh3

TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
# A text shown right under the page's <h1> (a news post's body) may start its sections
# at <h2>; one shown inside a section of its own (a practice's description) at <h3>.
HEADINGS = {"h2": 2, "h3": 3, "h4": 4}
ATTRIBUTES = {"a": {"href", "title", "hreflang"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise(value: str | None, *, top_heading: int = 3) -> str | None:
    """``value`` with only the small safe HTML kept; headings from ``<h{top_heading}>`` on."""
    if not value:
        return value
    tags = {tag for tag in TAGS if HEADINGS.get(tag, top_heading) >= top_heading}
    tags |= {tag for tag, level in HEADINGS.items() if level >= top_heading}
    return nh3.clean(
        value,
        tags=tags,
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
