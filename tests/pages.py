"""Every page type of the portal, in one list that the page-wide checks walk.

The Nu HTML checker (tests/test_html_valid.py), axe-core and the third-party request
test (tests/browser/test_pages.py) all take their pages from PAGES. A new page type is
one line here: a name, and the URL built with `reverse()` while the language is active.
Public pages are checked in every language, admin pages in English (the admin is not
under the language prefix).
"""

import dataclasses
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from events.demo_content import load_events
from events.models import Event, Material, Photo, Registration
from events.tokens import CONFIRM, MANAGE, make_token
from goodpractices.demo_content import load_good_practices
from goodpractices.models import GoodPractice
from news.demo_content import load_news
from news.models import NewsPost
from partners.demo_content import load_partners
from partners.models import ContactPerson, Partner, PolicyInstrument
from reporting.demo_content import load_reporting
from reporting.models import ReportingPeriod
from tests.factories import RegistrationFactory, abstract_photo

LANGUAGES = [code for code, _name in settings.LANGUAGES]
OPEN_EVENT = "demo-open-webinar"
PAST_EVENT = "ple-1-lahti"
INSTRUMENT = "rses-eastern-midland"
NEWS_POST = "ple-1-lahti-report"
# Written in German only: shown in German, marked, on every other language's page.
NEWS_POST_IN_GERMAN = "witeno-next2met"
ADMIN_PASSWORD = "a-long-test-password"


@dataclasses.dataclass(frozen=True)
class Demo:
    """The demo content plus what the token pages and the admin pages need."""

    registration: Registration
    confirm_token: str
    manage_token: str
    partner: Partner
    event: Event
    past_event: Event  # with sessions, materials, a photo album and its news
    instrument: PolicyInstrument  # with stakeholder organisations
    practice: GoodPractice
    period: ReportingPeriod  # the first reporting period, not submitted
    news_post: NewsPost  # the PLE1 report: headings in its body, a related event
    photo_album: Material  # of the past event, with two photos
    admin_user: object


def build_demo() -> Demo:
    load_partners()
    load_events()
    load_good_practices()
    load_reporting()
    load_news()
    photo_album = _add_photo_album(PAST_EVENT)
    # Rate limits count in the cache, which outlives a test's database.
    cache.clear()
    registration = RegistrationFactory(
        event=Event.objects.get(slug=OPEN_EVENT), status=Registration.Status.PENDING
    )
    return Demo(
        registration=registration,
        confirm_token=make_token(registration, CONFIRM),
        manage_token=make_token(registration, MANAGE),
        partner=Partner.objects.get(slug="ecoplus"),
        event=Event.objects.get(slug=OPEN_EVENT),
        past_event=Event.objects.get(slug=PAST_EVENT),
        instrument=PolicyInstrument.objects.get(slug=INSTRUMENT),
        practice=GoodPractice.objects.get(slug="smart-urban-platform"),
        period=ReportingPeriod.objects.get(number=1),
        news_post=NewsPost.objects.get(slug=NEWS_POST),
        photo_album=photo_album,
        admin_user=get_user_model().objects.create_superuser("boss", password=ADMIN_PASSWORD),
    )


def _add_photo_album(slug):
    """A published album of two generated abstract pictures (the demo content has no
    photos: none of the project's is ours to publish), one with a caption."""
    album = Material.objects.create(
        event=Event.objects.get(slug=slug),
        kind=Material.Kind.PHOTOS,
        title_en="Photos of the visit",
        title_fi="Kuvia vierailulta",
        is_published=True,
        order=9,
    )
    for n, (alt, caption) in enumerate(
        [
            ("Orange and teal circles on a dark blue ground", "Generated picture"),
            ("Yellow stripes crossing a green field", ""),
        ]
    ):
        Photo.objects.create(
            material=album,
            image=abstract_photo(seed=n),
            alt_text_en=alt,
            caption_en=caption,
            order=n,
        )
    return album


@dataclasses.dataclass(frozen=True)
class PageType:
    name: str
    url: Callable[[Demo], str]  # called with the page's language active
    status: int = 200
    # The page is the answer to posting the (empty) form at this URL from the page at `url`.
    post_to: Callable[[Demo], str] | None = None
    admin: bool = False  # English only, outside the language prefix
    logged_in: bool = False  # as the demo's superuser

    @property
    def languages(self) -> list[str]:
        return ["en"] if self.admin else LANGUAGES


def _url(name, *args, query=""):
    return lambda demo: reverse(name, args=[a(demo) if callable(a) else a for a in args]) + query


def _reveal(demo):
    """The contact page's form that reveals the WITENO contact (email and telephone)."""
    person = ContactPerson.objects.get(partner__slug="witeno")
    return reverse("contact_reveal", args=[person.pk]) + f"#contact-{person.pk}"


PAGES = [
    PageType("home", _url("home")),
    PageType("partner list", _url("partners:list")),
    PageType("partner detail", _url("partners:detail", "ecoplus")),
    PageType("former partner", _url("partners:detail", "lower-austria-government")),
    PageType("policy instruments", _url("partners:instruments")),
    # With its stakeholder group, an action that a practice inspired, and no validated change.
    PageType("policy instrument", _url("partners:instrument", "rpowp-2014-2020")),
    PageType("event list", _url("events:list")),
    PageType("event with agenda and open registration form", _url("events:detail", OPEN_EVENT)),
    PageType(
        "registration form with errors",
        _url("events:detail", OPEN_EVENT),
        status=400,
        post_to=_url("events:register", OPEN_EVENT),
    ),
    PageType("registration done", _url("events:registered", OPEN_EVENT, query="?outcome=pending")),
    PageType("confirm registration", _url("events:confirm", lambda d: d.confirm_token)),
    PageType("manage registration", _url("events:manage", lambda d: d.manage_token)),
    PageType(
        "manage registration: confirm cancelling",
        _url("events:manage", lambda d: d.manage_token, query="?cancel=1"),
    ),
    PageType(
        "manage registration: correct details",
        _url("events:manage_details", lambda d: d.manage_token),
    ),
    PageType("link error", _url("events:manage", "not-a-valid-token"), status=404),
    PageType(
        "past event with materials, a photo album and its news",
        _url("events:detail", PAST_EVENT),
    ),
    PageType("good-practice library", _url("goodpractices:list")),
    PageType(
        "good-practice library, filtered",
        _url("goodpractices:list", query="?country=ES&theme=smart-territories"),
    ),
    PageType("good-practice search", _url("goodpractices:list", query="?q=digital&sort=relevance")),
    # A Finnish word that finds the English and Finnish museum practice (the glossary).
    PageType(
        "good-practice search across languages", _url("goodpractices:list", query="?q=matkailu")
    ),
    PageType(
        "good-practice library, invalid filter",
        _url("goodpractices:list", query="?country=XX&theme=no-such-theme&level=bogus&page=x"),
    ),
    PageType(
        "good practice with a transfer story", _url("goodpractices:detail", "smart-urban-platform")
    ),
    PageType("transfer matrix", _url("goodpractices:transfers")),
    PageType("news", _url("news:list")),
    PageType("news of one partner", _url("news:list", query="?partner=witeno")),
    PageType("news post with headings and a related event", _url("news:detail", NEWS_POST)),
    PageType("news post written in German only", _url("news:detail", NEWS_POST_IN_GERMAN)),
    PageType("results", _url("reporting:results")),
    PageType("not found", lambda demo: f"/{translation.get_language()}/no-such-page/", status=404),
    PageType("privacy notice", _url("privacy")),
    PageType("accessibility statement", _url("accessibility")),
    PageType("contact", _url("contact")),
    PageType("site search results", _url("search", query="?q=digital")),
    PageType("site search, nothing found", _url("search", query="?q=zzzzqx")),
    PageType("contact with a person's details revealed", _url("contact"), post_to=_reveal),
    PageType("my data", _url("events:my_data", lambda d: d.manage_token)),
    PageType("my data: confirm erasing", _url("events:my_data_erase", lambda d: d.manage_token)),
    PageType("admin login", _url("admin:login"), admin=True),
    PageType("admin index", _url("admin:index"), admin=True, logged_in=True),
    PageType(
        "admin changelist", _url("admin:partners_partner_changelist"), admin=True, logged_in=True
    ),
    PageType(
        "admin change form with translation tabs",
        _url("admin:partners_partner_change", lambda d: d.partner.pk),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin event change form with agenda inlines",
        _url("admin:events_event_change", lambda d: d.event.pk),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin message to an event's registrants",
        _url("admin:events_event_message", lambda d: d.event.pk),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin message to registrants with errors",
        _url("admin:events_event_message", lambda d: d.event.pk),
        status=400,
        post_to=_url("admin:events_event_message", lambda d: d.event.pk),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin event add form (an empty autocomplete)",
        _url("admin:events_event_add"),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin event change form with materials",
        _url("admin:events_event_change", lambda d: d.past_event.pk),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin photo album with its photos (stacked inline)",
        _url("admin:events_photoalbum_change", lambda d: d.photo_album.pk),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin event list with organiser tools",
        _url("admin:events_event_changelist"),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin registration list",
        _url("admin:events_registration_changelist"),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin check-in of an event",
        _url("admin:events_event_checkin", lambda d: d.event.pk),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin validation path of a good practice",
        _url("admin:goodpractices_goodpractice_status", lambda d: d.practice.pk),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin policy instrument with stakeholders (tabular inline)",
        _url("admin:partners_policyinstrument_change", lambda d: d.instrument.pk),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin good-practice change form",
        _url("admin:goodpractices_goodpractice_change", lambda d: d.practice.pk),
        admin=True,
        logged_in=True,
    ),
    PageType("admin news list", _url("admin:news_newspost_changelist"), admin=True, logged_in=True),
    PageType(
        "admin news post change form",
        _url("admin:news_newspost_change", lambda d: d.news_post.pk),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin indicator dashboard", _url("admin:reporting_dashboard"), admin=True, logged_in=True
    ),
    PageType(
        "admin submit a period's report",
        _url("admin:reporting_period_submit", lambda d: d.period.pk),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin evidence pack of a period",
        _url("admin:reporting_period_evidence", lambda d: d.period.pk),
        admin=True,
        logged_in=True,
    ),
    PageType("admin translation overview", _url("admin:translations"), admin=True, logged_in=True),
    PageType(
        "admin changelist filtered to what is missing in Finnish",
        _url("admin:goodpractices_goodpractice_changelist", query="?missing_in=fi"),
        admin=True,
        logged_in=True,
    ),
    PageType("admin two-factor enrolment", _url("admin:two_factor"), admin=True, logged_in=True),
    PageType(
        "admin invite an editor",
        _url("admin:partners_partnerstaff_invite"),
        admin=True,
        logged_in=True,
    ),
    PageType(
        "admin invite an editor, with errors",
        _url("admin:partners_partnerstaff_invite"),
        status=400,
        post_to=_url("admin:partners_partnerstaff_invite"),
        admin=True,
        logged_in=True,
    ),
    # Pages for those who cannot log in; the admin checks visit them logged in, too.
    PageType("admin password reset", _url("admin_password_reset"), admin=True),
    PageType(
        "admin invitation link that no longer works",
        _url("editor_invitation", "MA", "0-0"),
        admin=True,
    ),
]


@dataclasses.dataclass(frozen=True)
class PageVisit:
    page: PageType
    language: str
    path: str
    post_to: str | None


def visits(demo: Demo, pages=PAGES) -> list[PageVisit]:
    """Every page in each of its languages."""
    result = []
    for page in pages:
        for code in page.languages:
            with translation.override(code):
                path = page.url(demo)
                post_to = page.post_to(demo) if page.post_to else None
            result.append(PageVisit(page, code, path, post_to))
    return result
