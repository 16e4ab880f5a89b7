"""The project's real events (``shared/reference/domain.md`` §1.4), and one upcoming
demonstration event with few seats, so that a newcomer can try registering.

Dates and places are from the sources; the hours of the sessions are indicative.
"""

import datetime
import zoneinfo

from django.db import transaction
from django.utils import timezone

from partners.demo_content import tr
from partners.models import Partner

from .models import Event, Material, Session

NEWS = "https://projects2014-2020.interregeurope.eu/next2met/news/news-article/"


def at(zone: str, y: int, m: int, d: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


def _ple1():
    z = "Europe/Helsinki"
    return {
        "kind": Event.Kind.PLE,
        "number": 1,
        "host": "paijat-hame",
        "start": at(z, 2020, 1, 14, 9),
        "end": at(z, 2020, 1, 15, 16),
        "timezone": z,
        "country": "FI",
        "registration_enabled": False,
        **tr(
            "title",
            en="Policy Learning Event 1 in Lahti",
            fi="Ensimmäinen oppimistapahtuma Lahdessa",
        ),
        **tr("city", en="Lahti", fi="Lahti"),
        **tr("venue", en="Sibeliustalo (day 2)", fi="Sibeliustalo (2. päivä)"),
        **tr(
            "summary",
            en="Partners and stakeholders came together for the first Policy Learning Event: an "
            "internal meeting on the first day and an open event on the second, with more than "
            "40 participants.",
            fi="Kumppanit ja sidosryhmät kokoontuivat ensimmäiseen oppimistapahtumaan: "
            "ensimmäisenä päivänä sisäinen kokous ja toisena avoin tapahtuma, yli 40 osallistujaa.",
        ),
        **tr(
            "description",
            en="On the first day the partners presented their territorial analyses and compared "
            "their good practices, then saw how Päijät-Häme uses soft digitalisation to attract "
            "visitors: the Radio and TV Museum of Lahti and virtual-reality projects made with a "
            "local university.\n\nThe second day was open to stakeholders: a keynote on how "
            "peripheral areas stay attractive, the partners' territorial analyses, three local "
            "good practices (sustainable mobility, remote care, digital emotional intelligence) "
            "and a panel on quality of life and quality of time.",
        ),
        "sessions": [
            (
                (2020, 1, 14, 9, 0),
                (2020, 1, 14, 13, 0),
                "workshop",
                "partners",
                tr(
                    "title",
                    en="Internal workshop: territorial analyses and good practices",
                    fi="Sisäinen työpaja: alueanalyysit ja hyvät käytännöt",
                ),
            ),
            (
                (2020, 1, 14, 14, 0),
                (2020, 1, 14, 15, 30),
                "site_visit",
                "partners",
                tr(
                    "title",
                    en="Visit to the Radio and TV Museum of Lahti",
                    fi="Vierailu Lahden Radio- ja tv-museoon",
                ),
            ),
            (
                (2020, 1, 14, 15, 45),
                (2020, 1, 14, 17, 0),
                "site_visit",
                "partners",
                tr(
                    "title",
                    en="Virtual-reality projects with a local university",
                    fi="Virtuaalitodellisuushankkeet paikallisen korkeakoulun kanssa",
                ),
            ),
            (
                (2020, 1, 15, 9, 0),
                (2020, 1, 15, 9, 45),
                "keynote",
                "open",
                tr(
                    "title",
                    en="Opening keynote: how peripheral areas remain attractive",
                    fi="Avauspuheenvuoro: miten reuna-alueet pysyvät vetovoimaisina",
                )
                | tr(
                    "speakers",
                    en="Regional Mayor of Päijät-Häme",
                    fi="Päijät-Hämeen maakuntajohtaja",
                ),
            ),
            (
                (2020, 1, 15, 10, 0),
                (2020, 1, 15, 12, 0),
                "presentation",
                "open",
                tr(
                    "title",
                    en="The partners' territorial analyses and potential good practices",
                    fi="Kumppanien alueanalyysit ja hyvät käytännöt",
                ),
            ),
            (
                (2020, 1, 15, 13, 0),
                (2020, 1, 15, 14, 30),
                "presentation",
                "open",
                tr(
                    "title",
                    en="Local good practices: sustainable mobility, remote care, digital "
                    "emotional intelligence",
                    fi="Paikalliset hyvät käytännöt: kestävä liikkuminen, etähoiva, digitaalinen "
                    "tunneäly",
                ),
            ),
            (
                (2020, 1, 15, 14, 45),
                (2020, 1, 15, 16, 0),
                "panel",
                "open",
                tr(
                    "title",
                    en="Panel: quality of life and quality of time",
                    fi="Paneeli: elämän ja ajan laatu",
                )
                | tr(
                    "speakers",
                    en="Chaired by the Managing Director of the Häme Chamber of Commerce",
                    fi="Puheenjohtajana Hämeen kauppakamarin toimitusjohtaja",
                ),
            ),
        ],
        "materials": [
            (
                "link",
                NEWS + "7556/meeting-and-sharing-first-policy-learning-event/",
                tr(
                    "title",
                    en="Report, photo album and presentations (Interreg Europe)",
                    fi="Raportti, kuvagalleria ja esitykset (Interreg Europe)",
                ),
            ),
        ],
    }


def _online_ple(number, host, zone, day, title, summary, article):
    return {
        "kind": Event.Kind.PLE,
        "number": number,
        "host": host,
        "start": at(zone, *day, 10),
        "end": at(zone, *day, 13),
        "timezone": zone,
        "moved_online": number == 2,
        "registration_enabled": False,
        **title,
        **summary,
        "materials": [
            (
                "link",
                NEWS + article,
                tr(
                    "title",
                    en="Report of the event (Interreg Europe)",
                    fi="Tapahtuman raportti (Interreg Europe)",
                ),
            ),
        ],
    }


def _visit(host, zone, first, last, city, country, title, summary, kind=Event.Kind.STUDY_VISIT):
    return {
        "kind": kind,
        "host": host,
        "start": at(zone, *first, 9),
        "end": at(zone, *last, 17),
        "timezone": zone,
        "country": country,
        "registration_enabled": False,
        **tr("city", en=city),
        **title,
        **summary,
    }


def events():
    now = timezone.now()
    webinar_start = (now + datetime.timedelta(days=30)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    return {
        "ple-1-lahti": _ple1(),
        "ple-2-lower-austria": _online_ple(
            2,
            "lower-austria-government",
            "Europe/Vienna",
            (2020, 5, 14),
            tr(
                "title",
                en="Policy Learning Event 2 (online, hosted by Lower Austria)",
                de="Policy Learning Event 2 (online, Gastgeber Niederösterreich)",
            ),
            tr(
                "summary",
                en="Planned in Lower Austria and moved online because of COVID-19: more than 40 "
                "participants, a virtual flight over Lower Austria and presentations of the House "
                "of Digitalisation, the glass-fibre project and mobility services.",
                de="Geplant in Niederösterreich und wegen COVID-19 online abgehalten: über 40 "
                "Teilnehmende, ein virtueller Flug über Niederösterreich und Vorträge zum Haus der "
                "Digitalisierung, zum Glasfaserprojekt und zu Mobilitätsdiensten.",
            ),
            "8727/meeting-and-sharing-second-policy-learning-event/",
        ),
        "ple-3-barcelona": _online_ple(
            3,
            "barcelona",
            "Europe/Madrid",
            (2020, 12, 3),
            tr(
                "title",
                en="Policy Learning Event 3 (online, hosted by Barcelona)",
                ca="Policy Learning Event 3 (en línia, organitzat per la Diputació de Barcelona)",
                es="Policy Learning Event 3 (en línea, organizado por la Diputación de Barcelona)",
            ),
            tr(
                "summary",
                en="More than 40 participants on improving services to people, sustainability and "
                "connectivity, with practices from Terrassa, i2CAT, Calella and Vilanova i la "
                "Geltrú.",
                ca="Més de 40 participants sobre la millora dels serveis a les persones, la "
                "sostenibilitat i la connectivitat, amb pràctiques de Terrassa, i2CAT, Calella i "
                "Vilanova i la Geltrú.",
            ),
            "10699/policy-learning-event-3/",
        ),
        "ple-5-podlaskie": _online_ple(
            5,
            "podlaskie",
            "Europe/Warsaw",
            (2021, 12, 10),
            tr(
                "title",
                en="Policy Learning Event 5 (online, hosted by Podlaskie)",
                pl="Policy Learning Event 5 (online, gospodarz: Województwo Podlaskie)",
            ),
            tr(
                "summary",
                en="Fostering digitalisation in the Podlaskie region: e-health, e-services in "
                "rural communes and the InfoTech technology cluster.",
                pl="Wspieranie cyfryzacji w regionie podlaskim: e-zdrowie, e-usługi w gminach "
                "wiejskich i klaster technologiczny InfoTech.",
            ),
            "13708/fostering-digitalisation-in-the-podlaskie-region/",
        ),
        "study-visit-midlands": _visit(
            "emra",
            "Europe/Dublin",
            (2022, 4, 5),
            (2022, 4, 6),
            "Midlands",
            "IE",
            tr("title", en="Study visit to the Midlands"),
            tr("summary", en="The first of the four study visits of spring 2022."),
        ),
        "study-visit-barcelona": _visit(
            "barcelona",
            "Europe/Madrid",
            (2022, 4, 26),
            (2022, 4, 27),
            "Barcelona",
            "ES",
            tr(
                "title",
                en="Study visit to the province of Barcelona",
                ca="Visita d'estudi a la província de Barcelona",
                es="Visita de estudio a la provincia de Barcelona",
            ),
            tr("summary", en="Partners saw the province's smart-city practices on site."),
        ),
        "partner-meeting-krems": _visit(
            "ecoplus",
            "Europe/Vienna",
            (2022, 5, 17),
            (2022, 5, 19),
            "Krems an der Donau",
            "AT",
            tr(
                "title",
                en="Partner meeting and study visit in Krems an der Donau",
                de="Partnertreffen und Studienbesuch in Krems an der Donau",
            ),
            tr(
                "summary",
                en="The last partner meeting of the learning phase (Phase 1).",
                de="Das letzte Partnertreffen der Lernphase (Phase 1).",
            ),
        ),
        "final-event-greifswald": _visit(
            "witeno",
            "Europe/Berlin",
            (2023, 6, 14),
            (2023, 6, 14),
            "Greifswald",
            "DE",
            tr(
                "title",
                en="Final event: smart cities and regions",
                de="Abschlussveranstaltung: Smart Cities and Regions",
            ),
            tr(
                "summary",
                en="More than 50 participants in Greifswald: each of the six regions presented "
                "its challenge, its solution and its final results.",
                de="Über 50 Teilnehmende in Greifswald: Jede der sechs Regionen stellte ihre "
                "Herausforderung, ihre Lösung und ihre Ergebnisse vor.",
            ),
            kind=Event.Kind.FINAL,
        ),
        "demo-open-webinar": {
            "kind": Event.Kind.OTHER,
            "host": "paijat-hame",
            "start": webinar_start,
            "end": webinar_start + datetime.timedelta(hours=2),
            "timezone": "Europe/Helsinki",
            "online_url": "https://meet.example.org/next2met-demo",
            "registration_enabled": True,
            "capacity": 5,
            "registration_opens": None,
            "registration_closes": webinar_start - datetime.timedelta(hours=1),
            "cancellation_deadline": webinar_start - datetime.timedelta(hours=2),
            "reminder_days": 2,
            "retention_days": 90,
            **tr(
                "title",
                en="Soft digitalisation after Next2Met: open webinar (demonstration)",
                fi="Pehmeä digitalisaatio Next2Metin jälkeen: avoin webinaari (esittely)",
            ),
            **tr(
                "summary",
                en="A demonstration event of this portal, with five seats: register to try the "
                "confirmation email, the waiting list and cancelling.",
                fi="Portaalin esittelytapahtuma, viisi paikkaa: ilmoittaudu ja kokeile "
                "vahvistussähköpostia, jonotuslistaa ja peruutusta.",
            ),
            "sessions": [
                (
                    (0, 0),
                    (0, 30),
                    "presentation",
                    "open",
                    tr(
                        "title",
                        en="What the six regions changed",
                        fi="Mitä kuusi aluetta muuttivat",
                    ),
                ),
                (
                    (0, 30),
                    (1, 30),
                    "workshop",
                    "open",
                    tr(
                        "title",
                        en="Your region: questions and answers",
                        fi="Oma alueesi: kysymyksiä ja vastauksia",
                    ),
                ),
                (
                    (1, 30),
                    (2, 0),
                    "break",
                    "partners",
                    tr("title", en="Partners' debrief", fi="Kumppanien jälkipalaveri"),
                ),
            ],
        },
    }


def _session_time(event_fields, spec):
    if len(spec) == 2:  # hours and minutes after the start (the demonstration event)
        hours, minutes = spec
        return event_fields["start"] + datetime.timedelta(hours=hours, minutes=minutes)
    return at(event_fields["timezone"], *spec)


@transaction.atomic
def load_events() -> dict:
    partners = {p.slug: p for p in Partner.objects.all()}
    for slug, fields in events().items():
        fields = dict(fields)
        sessions = fields.pop("sessions", [])
        materials = fields.pop("materials", [])
        fields["host"] = partners[fields["host"]]
        fields.setdefault("status", Event.Status.PUBLISHED)
        event, _ = Event.objects.update_or_create(slug=slug, defaults=fields)
        event.sessions.all().delete()
        for start, end, kind, audience, texts in sessions:
            Session.objects.create(
                event=event,
                start=_session_time(fields, start),
                end=_session_time(fields, end),
                kind=kind,
                audience=audience,
                **texts,
            )
        for order, (kind, url, texts) in enumerate(materials, start=1):
            Material.objects.update_or_create(
                event=event,
                order=order,
                defaults={"kind": kind, "url": url, "is_published": True, **texts},
            )
    return {"events": Event.objects.count(), "sessions": Session.objects.count()}
