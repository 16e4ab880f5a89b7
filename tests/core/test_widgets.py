"""QuickSelect writes the HTML of Django's select, option by option: the same elements,
attributes and texts (without the template's line breaks, attributes sorted)."""

from html.parser import HTMLParser

import pytest
from django import forms

from core.widgets import QuickSelect

CHOICES = [
    ("", "All <partners>"),
    ("a&b", "Alpha & Beta"),
    ("fi", 'Suomi "Finland"'),
    ("Group", [("x", "Ex"), ("y", "Why")]),
    (3, "Three"),
]


class Tree(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.items = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.items.append(("start", tag, sorted(attrs, key=lambda a: a[0])))

    def handle_endtag(self, tag):
        self.items.append(("end", tag))

    def handle_data(self, data):
        if data.strip():
            self.items.append(("text", data))


@pytest.mark.parametrize("value", [None, "", "a&b", "y", "3", ["fi"]])
def test_the_html_is_djangos(value):
    attrs = {"id": "id_pick", "class": "form-select", "aria-describedby": "pick_help"}
    django_html = forms.Select(choices=CHOICES).render("pick", value, attrs)
    quick_html = QuickSelect(choices=CHOICES).render("pick", value, attrs)
    assert Tree(quick_html).items == Tree(django_html).items
    assert "<partners>" not in quick_html and "&lt;partners&gt;" in quick_html


def test_option_attributes_are_kept():
    class Marked(QuickSelect):
        def create_option(self, *args, **kwargs):
            option = super().create_option(*args, **kwargs)
            if option["value"] == "fi":
                option["attrs"]["lang"] = "en"
            return option

    html = Marked(choices=CHOICES).render("pick", "fi", {"id": "id_pick"})
    assert '<option value="fi" lang="en" selected>Suomi &quot;Finland&quot;</option>' in html


@pytest.mark.parametrize("value", [None, "fi", "a&b"])
def test_a_label_in_another_language_is_marked_as_with_create_option(value):
    # option_language (the quick way) writes what a create_option override would.
    class Marked(QuickSelect):
        def option_language(self, value):
            return "en" if value == "fi" else ""

    class MarkedSlowly(QuickSelect):
        def create_option(self, *args, **kwargs):
            option = super().create_option(*args, **kwargs)
            if option["value"] == "fi":
                option["attrs"]["lang"] = "en"
            return option

    quick = Marked(choices=CHOICES).render("pick", value, {"id": "id_pick"})
    assert quick == MarkedSlowly(choices=CHOICES).render("pick", value, {"id": "id_pick"})
    assert '<option value="fi" lang="en"' in quick
