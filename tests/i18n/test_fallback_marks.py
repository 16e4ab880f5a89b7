"""English fallback is marked lang="en" wherever it shows; names never get the note.

Generic over the demo content and every public page type: any text on a page that is
the English value of a translated field left empty in the page's language must sit in
an element with lang="en" (WCAG 3.1.2). And a proper name (a partner, a region, a city,
the programme) is never followed by "available in English only": names are not
translations.
"""

from html.parser import HTMLParser

import pytest
from django.utils import translation
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from events.models import Event
from goodpractices.models import GoodPractice
from partners.models import Partner, PolicyInstrument, Project, StakeholderOrganisation
from tests.pages import PAGES, build_demo

pytestmark = pytest.mark.django_db

LANGUAGES = ["fi", "pl"]
# Fields that hold proper names: shown without the "English only" note.
NAME_FIELDS = {
    Partner: ["name", "region"],
    Project: ["programme"],
    PolicyInstrument: ["managing_authority"],
    StakeholderOrganisation: ["name"],
    Event: ["venue", "city"],
    GoodPractice: ["city", "region", "main_institution"],
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Page(HTMLParser):
    """Each text node with the language in force there, and the text before each note."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, lang)
        self.texts = []  # (text, lang)
        self.before_notes = []
        self.last_text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "fallback-note" in (attrs.get("class") or "").split():
            self.before_notes.append(self.last_text)
        if tag in VOID:
            return
        lang = attrs.get("lang") or (self.stack[-1][1] if self.stack else None)
        self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        text = data.strip()
        if not text or any(tag in ("title", "script", "style") for tag, _ in self.stack):
            return
        self.texts.append((text, self.stack[-1][1] if self.stack else None))
        self.last_text = text


def parse(html):
    page = Page()
    page.feed(html)
    return page


def field_values(language):
    """(English values shown as fallback, values written in ``language``)."""
    fallback, written = set(), set()
    for model in translator.get_registered_models(abstract=False):
        fields = translator.get_options_for_model(model).fields
        for obj in model._default_manager.all():
            for field in fields:
                english = getattr(obj, build_localized_fieldname(field, "en"), None)
                own = getattr(obj, build_localized_fieldname(field, language), None)
                if own and isinstance(own, str):
                    written.add(own.strip())
                if english and isinstance(english, str) and not own:
                    if "\n" not in english and "<" not in english:
                        fallback.add(english.strip())
    return fallback - written, written


def name_values():
    """English values of name fields that no other (translatable text) field also holds."""
    names, texts = set(), set()
    for model in translator.get_registered_models(abstract=False):
        for obj in model._default_manager.all():
            for field in translator.get_options_for_model(model).fields:
                value = getattr(obj, build_localized_fieldname(field, "en"), None)
                if value and isinstance(value, str):
                    is_name = field in NAME_FIELDS.get(model, ())
                    (names if is_name else texts).add(value.strip())
    return names - texts


@pytest.fixture
def demo():
    return build_demo()


def public_pages(demo, language):
    for page in PAGES:
        if page.admin or page.post_to:
            continue
        with translation.override(language):
            yield page.name, page.url(demo)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_english_fallback_is_marked(client, demo, language):
    fallback, _written = field_values(language)
    names = name_values()
    unmarked, noted_names, checked = [], [], 0
    for name, url in public_pages(demo, language):
        page = parse(client.get(url).content.decode())
        for text, lang in page.texts:
            truncated = text.endswith("…") and any(
                value.startswith(text[:-1].rstrip()) for value in fallback if len(text) > 12
            )
            if text in fallback or truncated:
                checked += 1
                if lang != "en":
                    unmarked.append((name, text, lang))
        noted_names += [(name, text) for text in page.before_notes if text in names]
    assert checked > 50  # the demo has plenty of fallback on these pages
    assert not unmarked, unmarked
    assert not noted_names, noted_names


@pytest.mark.parametrize("language", LANGUAGES)
def test_names_are_not_called_english_only(client, demo, language):
    for url in (f"/{language}/", f"/{language}/partners/", f"/{language}/partners/paijat-hame/"):
        page = parse(client.get(url).content.decode())
        for name in ("Lahti", "Päijät-Häme", "Interreg Europe 2014–2020"):
            assert name not in page.before_notes, (url, name)


def test_the_places_the_issue_names(client, demo):
    """fi: breadcrumb, matrix headers, transfer sentences, my-data, library filter."""
    practice = demo.practice  # "Smart Urban Platform": no Finnish title in the demo
    html = client.get(f"/fi/good-practices/{practice.slug}/").content.decode()
    assert 'aria-current="page" lang="en">Smart Urban Platform</li>' in html
    matrix = client.get("/fi/good-practices/transfers/").content.decode()
    assert '<th scope="col"><span lang="en">Podlaskie Voivodeship</span></th>' in matrix
    assert '<th scope="row"><span lang="en">Podlaskie Voivodeship</span></th>' in matrix
    assert '<span lang="en">ecoplus. The Business Agency of Lower Austria</span> (lähde: DIBA)' in (
        matrix
    )
    results = client.get("/fi/results/").content.decode()
    assert 'kumppanille <span lang="en">Podlaskie Voivodeship</span>' in results
    library = client.get("/fi/good-practices/").content.decode()
    assert '<option value="podlaskie" lang="en">Podlaskie Voivodeship</option>' in library
    my_data = client.get(f"/fi/registration/{demo.manage_token}/my-data/").content.decode()
    title = demo.event.title_en
    assert demo.event.title_fi  # the open webinar has a Finnish title: not marked
    assert title not in my_data
    with translation.override("pl"):
        my_data = client.get(f"/pl/registration/{demo.manage_token}/my-data/").content.decode()
    assert f'<dd><span lang="en">{title}</span></dd>' in my_data
