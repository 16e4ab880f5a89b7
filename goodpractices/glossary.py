"""A reader's words, expanded across the eight languages.

Most practices are written in English and one partner language: a reader who types
"digitalización", "cyfrowe" or "matkailu" must still find them. The reader's words are
looked up in the glossary (``GlossaryTerm``, kept by the lead partner in the admin) and in
the translated theme names; a word or phrase that names a known idea is searched as
itself *or* as any of that idea's forms in every language, each in its own language's
search configuration (goodpractices.search). A theme name also finds the practices of
that theme.

How a word meets a form (both folded: lower case, no accents):
- the same word or phrase ("realidad virtual");
- the same stem: both at least ``MIN_STEM`` letters and differing only in the last
  letters ("cyfrowe" and "cyfrowy", "matkailun" and "matkailu"), for the inflected
  forms the glossary does not list;
- a part of a compound: a German or Finnish form of ``MIN_STEM`` letters or more
  inside a longer word ("Digitalisierungsstrategie" holds "digitalisierung",
  "matkailualue" holds "matkailu"); every part the glossary knows must match.

Forms shorter than ``MIN_STEM`` letters ("IoT", "KMU") match whole words only.

Polish has no stemmer in PostgreSQL (its text is indexed word for word): Polish forms and
the reader's own long words are also searched by their stem as a prefix ("cyfrow*"),
through :func:`polish_stem`, on both databases.

The glossary and the themes are read once per search: two small queries, whatever the
number of practices.
"""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings

from .folding import fold

# Shorter words are matched only exactly: "data" is not the stem of "date".
MIN_STEM = 5
# How many letters at the end two forms of one word may differ in.
ENDING = 3
MAX_PHRASE_WORDS = 4
# Languages that build compounds, whose forms are looked for inside a longer word.
COMPOUNDING = {"de", "fi"}
# A reader's word, with inner hyphens kept ("e-usługi", "e-health").
_TOKEN = re.compile(r"\w+(?:[-‐]\w+)*", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)

# Polish endings, longest first (folded: no ogonek or acute). Stripped once, so that a
# stem of at least MIN_STEM - 1 letters remains.
_POLISH_ENDINGS = sorted(
    """
    owania owanie ami ach ach ego emu ych ymi iej imi ami om ow ej em ie ia iu ja ji je
    ja y a e i o u
    """.split(),
    key=len,
    reverse=True,
)


def polish_stem(word: str) -> str:
    """The word without its Polish ending ("cyfrowych" -> "cyfrow"), or "" when the
    rest would be too short to search by prefix."""
    for ending in _POLISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM - 1:
            return word[: -len(ending)]
    return ""


@dataclass(eq=False)
class Idea:
    """One glossary term or theme: its forms per language, folded."""

    forms: dict[str, list[str]]
    theme_id: int | None = None

    def all_forms(self):
        for language, forms in self.forms.items():
            for form in forms:
                yield language, form


@dataclass
class Unit:
    """A word or phrase of the reader's query, with what it was found to mean.

    ``ideas``: the ideas it names (any of them matches); ``parts``: for a compound,
    the ideas of each part (each part must match)."""

    text: str
    ideas: list[Idea] = field(default_factory=list)
    parts: list[list[Idea]] = field(default_factory=list)


class Glossary:
    def __init__(self, ideas: list[Idea]):
        self.ideas = ideas
        self.exact: dict[str, list[Idea]] = {}
        self.single: list[tuple[str, Idea]] = []  # one-word forms long enough for stems
        self.compound_parts: list[tuple[str, Idea]] = []
        for idea in ideas:
            for language, form in idea.all_forms():
                ideas_of_form = self.exact.setdefault(form, [])
                if idea not in ideas_of_form:
                    ideas_of_form.append(idea)
                if " " not in form and len(form) >= MIN_STEM:
                    self.single.append((form, idea))
                    if language in COMPOUNDING:
                        self.compound_parts.append((form.replace("-", ""), idea))

    @classmethod
    def load(cls) -> "Glossary":
        # By name: the models module imports the search, which imports this one.
        GlossaryTerm = apps.get_model("goodpractices", "GlossaryTerm")  # noqa: N806
        Theme = apps.get_model("goodpractices", "Theme")  # noqa: N806
        ideas = [_idea(term.forms()) for term in GlossaryTerm.objects.all()]
        for theme in Theme.objects.all():
            forms = {}
            for code in _languages():
                name = getattr(theme, f"name_{code}", "") or ""
                if name.strip():
                    forms[code] = [name]
            ideas.append(_idea(forms, theme_id=theme.pk))
        return cls([idea for idea in ideas if idea.forms])

    def units(self, query: str) -> list[Unit]:
        """The reader's query as words and phrases, each with the ideas it names."""
        tokens = [t.replace("‐", "-") for t in _TOKEN.findall(fold(query))][:12]
        units, i = [], 0
        while i < len(tokens):
            for size in range(min(MAX_PHRASE_WORDS, len(tokens) - i), 0, -1):
                text = " ".join(tokens[i : i + size])
                ideas = self.exact.get(text)
                if ideas:
                    units.append(Unit(text, ideas=list(ideas)))
                    break
                if size == 1:
                    units.extend(self._word(text))
            i += size
        return units

    def _word(self, token: str) -> list[Unit]:
        similar = _unique(idea for form, idea in self.single if _same_stem(token, form))
        if similar:
            return [Unit(token, ideas=similar)]
        parts = self._compound_parts(token)
        if parts:
            return [Unit(token, parts=parts)]
        words = _WORD.findall(token)
        if len(words) > 1:  # an unknown hyphenated word: each of its words on its own
            return [
                unit
                for word in words
                for unit in (
                    [Unit(word, ideas=list(self.exact[word]))]
                    if word in self.exact
                    else self._word(word)
                )
            ]
        return [Unit(token)]

    def _compound_parts(self, token: str) -> list[list[Idea]]:
        """The known forms inside a longer word, left to right, longest first where
        two begin at the same letter, not overlapping."""
        word = token.replace("-", "")
        hits = sorted(
            (word.index(form), -len(form), n, idea)
            for n, (form, idea) in enumerate(self.compound_parts)
            if len(word) >= len(form) + ENDING and form in word
        )
        parts = []  # [start, end, ideas]
        for start, minus_length, _n, idea in hits:
            end = start - minus_length
            if parts and start < parts[-1][1]:
                if (start, end) == (parts[-1][0], parts[-1][1]):
                    parts[-1][2].append(idea)
                continue
            parts.append([start, end, [idea]])
        return [_unique(ideas) for _start, _end, ideas in parts]


def _languages():
    return [code for code, _name in settings.LANGUAGES]


def _idea(forms: dict[str, list[str]], theme_id=None) -> Idea:
    folded = {}
    for language, values in forms.items():
        clean = _unique(" ".join(_TOKEN.findall(fold(value))) for value in values)
        clean = [value for value in clean if value]
        if clean:
            folded[language] = clean
    return Idea(folded, theme_id)


def _same_stem(word: str, form: str) -> bool:
    if word == form:
        return True
    if len(word) < MIN_STEM or len(form) < MIN_STEM:
        return False
    common = 0
    for a, b in zip(word, form, strict=False):
        if a != b:
            break
        common += 1
    return common >= MIN_STEM and common >= max(len(word), len(form)) - ENDING


def _unique(items) -> list:
    seen, result = set(), []
    for item in items:
        key = id(item) if isinstance(item, Idea) else item
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result
