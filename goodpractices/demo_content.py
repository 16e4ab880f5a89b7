"""Demo good practices: the ones Next2Met identified or presented, from
``reference/domain.md`` section 1.5, and the two confirmed transfers.

Only what the sources say is filled in. Where a date, an institution or a NUTS code is
not known, it is left empty and the page says "not given" rather than guessing.
Only the first practice is confirmed in the Policy Learning Platform database; the
others are shown as approved by the project (published on this portal).
"""

import datetime

from events.models import Event
from partners.demo_content import tr
from partners.models import Action, Partner

from .models import GoodPractice, Theme, TransferInterest

THEMES = {
    "e-services": tr(
        "name",
        en="E-services",
        fi="Sähköiset palvelut",
        de="E-Services",
        pl="E-usługi",
        es="Servicios electrónicos",
        ca="Serveis electrònics",
        it="Servizi elettronici",
        fr="Services en ligne",
    ),
    "participation": tr(
        "name",
        en="Citizen participation",
        fi="Osallistuminen",
        de="Bürgerbeteiligung",
        pl="Partycypacja obywatelska",
        es="Participación ciudadana",
        ca="Participació ciutadana",
        it="Partecipazione dei cittadini",
        fr="Participation citoyenne",
    ),
    "connectivity": tr(
        "name",
        en="Connectivity",
        fi="Tietoliikenneyhteydet",
        de="Konnektivität",
        pl="Łączność",
        es="Conectividad",
        ca="Connectivitat",
        it="Connettività",
        fr="Connectivité",
    ),
    "smart-territories": tr(
        "name",
        en="Smart territories and IoT",
        fi="Älykkäät alueet ja esineiden internet",
        de="Smarte Regionen und IoT",
        pl="Inteligentne terytoria i IoT",
        es="Territorios inteligentes e IoT",
        ca="Territoris intel·ligents i IoT",
        it="Territori intelligenti e IoT",
        fr="Territoires intelligents et IoT",
    ),
    "sustainable-mobility": tr(
        "name",
        en="Sustainable mobility",
        fi="Kestävä liikkuminen",
        de="Nachhaltige Mobilität",
        pl="Zrównoważona mobilność",
        es="Movilidad sostenible",
        ca="Mobilitat sostenible",
        it="Mobilità sostenibile",
        fr="Mobilité durable",
    ),
    "e-health": tr(
        "name",
        en="E-health and remote care",
        fi="Sähköinen terveydenhuolto ja etähoito",
        de="E-Health und Fernbetreuung",
        pl="E-zdrowie i opieka na odległość",
        es="Salud digital y atención a distancia",
        ca="Salut digital i atenció a distància",
        it="Sanità digitale e assistenza a distanza",
        fr="E-santé et soins à distance",
    ),
    "culture-heritage": tr(
        "name",
        en="Culture and heritage",
        fi="Kulttuuri ja kulttuuriperintö",
        de="Kultur und Kulturerbe",
        pl="Kultura i dziedzictwo",
        es="Cultura y patrimonio",
        ca="Cultura i patrimoni",
        it="Cultura e patrimonio",
        fr="Culture et patrimoine",
    ),
    "skills": tr(
        "name",
        en="Digital skills",
        fi="Digitaidot",
        de="Digitale Kompetenzen",
        pl="Kompetencje cyfrowe",
        es="Competencias digitales",
        ca="Competències digitals",
        it="Competenze digitali",
        fr="Compétences numériques",
    ),
    "business-support": tr(
        "name",
        en="Business support",
        fi="Yritysten tukeminen",
        de="Unternehmensförderung",
        pl="Wsparcie przedsiębiorczości",
        es="Apoyo a las empresas",
        ca="Suport a les empreses",
        it="Sostegno alle imprese",
        fr="Soutien aux entreprises",
    ),
    "agriculture": tr(
        "name",
        en="Digital agriculture",
        fi="Digitaalinen maatalous",
        de="Digitale Landwirtschaft",
        pl="Rolnictwo cyfrowe",
        es="Agricultura digital",
        ca="Agricultura digital",
        it="Agricoltura digitale",
        fr="Agriculture numérique",
    ),
}

S = GoodPractice.Status
PRACTICES = {
    "digital-consultations-local-digital-strategies": {
        "owner": "emra",
        "status": S.IN_DATABASE,
        "country": "IE",
        "nuts_code": "IE063",
        "themes": ["participation", "e-services"],
        "programme_url": "https://www.interregeurope.eu/policylearning/good-practices/item/4252/"
        "digital-consultations-to-inform-local-digital-strategies/",
        **tr(
            "title",
            en="Digital consultations to inform local digital strategies",
            pl="Konsultacje cyfrowe na potrzeby lokalnych strategii cyfrowych",
        ),
        **tr(
            "summary",
            en="Longford County Council used Mentimeter and Survey123 for ArcGIS to consult "
            "citizens and stakeholders on its local digital strategy.",
            pl="Rada Hrabstwa Longford wykorzystała Mentimeter i Survey123 for ArcGIS do "
            "konsultacji lokalnej strategii cyfrowej z mieszkańcami i interesariuszami.",
        ),
        **tr("city", en="Longford"),
        **tr("region", en="Midland", pl="Midland"),
        **tr("main_institution", en="Longford County Council", pl="Rada Hrabstwa Longford"),
        **tr(
            "description",
            en="<p>To prepare its Digital Strategy 2021–2023, Longford County Council "
            "consulted citizens and stakeholders online: <strong>Mentimeter</strong> for live "
            "polling in meetings and <strong>Survey123 for ArcGIS</strong> for a survey.</p>"
            "<p>The main beneficiaries are the people and organisations of the county, "
            "whose views shape the strategy.</p>",
            pl="<p>Przygotowując Strategię Cyfrową na lata 2021–2023, Rada Hrabstwa Longford "
            "konsultowała ją online z mieszkańcami i interesariuszami: "
            "<strong>Mentimeter</strong> do głosowań na żywo podczas spotkań i "
            "<strong>Survey123 for ArcGIS</strong> do ankiety.</p>"
            "<p>Głównymi beneficjentami są mieszkańcy i organizacje hrabstwa, których "
            "opinie kształtują strategię.</p>",
        ),
        **tr(
            "resources_needed",
            en="<ul><li>Mentimeter Pro: EUR 21 a month</li><li>ArcGIS Online Level 2: "
            "EUR 540 a year</li><li>The survey was built by one person in one day.</li></ul>",
            pl="<ul><li>Mentimeter Pro: 21 EUR miesięcznie</li><li>ArcGIS Online Level 2: "
            "540 EUR rocznie</li><li>Ankietę przygotowała jedna osoba w jeden dzień.</li></ul>",
        ),
        **tr(
            "potential_for_transfer",
            en="<p>Low cost and quick to set up. Podlaskie took it up: online consultation "
            "with users became a selection criterion of its call for e-services.</p>",
            pl="<p>Niski koszt i szybkie wdrożenie. Województwo Podlaskie przejęło tę praktykę: "
            "konsultacje online z użytkownikami stały się kryterium wyboru w naborze na "
            "e-usługi.</p>",
        ),
    },
    "smart-urban-platform": {
        "owner": "barcelona",
        "status": S.APPROVED,
        "country": "ES",
        "nuts_code": "ES511",
        "themes": ["smart-territories", "e-services"],
        **tr(
            "title",
            en="Smart Urban Platform",
            ca="Plataforma Urbana Intel·ligent",
            es="Plataforma Urbana Inteligente",
        ),
        **tr(
            "summary",
            en="A municipal IoT and data platform that the Barcelona Provincial Council "
            "offers to the local governments of the province.",
            ca="Una plataforma municipal d'IoT i de dades que la Diputació de Barcelona "
            "ofereix als governs locals de la província.",
            es="Una plataforma municipal de IoT y datos que la Diputación de Barcelona "
            "ofrece a los gobiernos locales de la provincia.",
        ),
        **tr("region", en="Province of Barcelona", ca="Província de Barcelona"),
        **tr(
            "main_institution",
            en="Barcelona Provincial Council",
            ca="Diputació de Barcelona",
            es="Diputación de Barcelona",
        ),
        **tr(
            "description",
            en="<p>The platform gathers the data of sensors and municipal services, so that "
            "small and medium-sized municipalities can offer smart services without "
            "building their own infrastructure.</p>",
            ca="<p>La plataforma recull les dades de sensors i serveis municipals, perquè "
            "els municipis petits i mitjans puguin oferir serveis intel·ligents sense "
            "construir la seva pròpia infraestructura.</p>",
            es="<p>La plataforma reúne los datos de sensores y servicios municipales, para "
            "que los municipios pequeños y medianos puedan ofrecer servicios inteligentes "
            "sin construir su propia infraestructura.</p>",
        ),
        **tr(
            "potential_for_transfer",
            en="<p>Lower Austria adapted it: its action plan builds an IoT platform based "
            "on the Smart Urban Platform, tested with use cases in municipalities.</p>",
            ca="<p>La Baixa Àustria l'ha adaptada: el seu pla d'acció construeix una "
            "plataforma IoT basada en la Plataforma Urbana Intel·ligent, provada amb casos "
            "d'ús en municipis.</p>",
        ),
    },
    "digibale": {
        "owner": "paijat-hame",
        "status": S.APPROVED,
        "country": "FI",
        "themes": ["agriculture"],
        **tr(
            "title",
            en="Digibale: digital bale tracking",
            fi="Digipaali: paalien digitaalinen seuranta",
        ),
        **tr(
            "summary",
            en="Bales of hay and silage are tracked with RFID tags, bringing digital records "
            "to everyday farm work.",
            fi="Heinä- ja säilörehupaaleja seurataan RFID-tunnisteilla, jolloin "
            "maatilan arkityö saa digitaaliset tiedot.",
        ),
        **tr("region", en="Häme", fi="Häme"),
        **tr(
            "description",
            en="<p>An agricultural digitalisation practice from Häme. The Eastern and "
            "Midland Regional Assembly explored it with agricultural stakeholders of the "
            "Midlands in two online meetings, with 16 and 23 participants.</p>",
            fi="<p>Maatalouden digitalisaation käytäntö Hämeestä. Itäisen ja Keskisen "
            "Irlannin alueellinen yhteistyöelin tutustui siihen Midlandsin "
            "maatalouden sidosryhmien kanssa kahdessa verkkotapaamisessa, joihin "
            "osallistui 16 ja 23 henkeä.</p>",
        ),
    },
    "noe-house-of-digitalisation": {
        "owner": "ecoplus",
        "status": S.APPROVED,
        "country": "AT",
        "nuts_code": "AT12",
        "themes": ["skills", "business-support"],
        **tr(
            "title",
            en="Lower Austria's Virtual House of Digitalisation",
            de="Virtuelles Haus der Digitalisierung Niederösterreich",
        ),
        **tr(
            "summary",
            en="A network that brings together the digitalisation offers of Lower Austria "
            "for businesses, municipalities and citizens.",
            de="Ein Netzwerk, das die Digitalisierungsangebote Niederösterreichs für "
            "Unternehmen, Gemeinden und Bürgerinnen und Bürger bündelt.",
        ),
        **tr("region", en="Lower Austria", de="Niederösterreich"),
        **tr(
            "main_institution",
            en="ecoplus, the business agency of Lower Austria",
            de="ecoplus. Niederösterreichs Wirtschaftsagentur",
        ),
        **tr(
            "description",
            en="<p>The Haus der Digitalisierung is a digitalisation network: one place to "
            "find know-how, events and partners on digital topics in the region.</p>",
            de="<p>Das Haus der Digitalisierung ist ein Digitalisierungsnetzwerk: ein Ort, "
            "an dem man Know-how, Veranstaltungen und Partner zu digitalen Themen in der "
            "Region findet.</p>",
        ),
    },
    "glass-fibre-lower-austria": {
        "owner": "lower-austria-government",
        "status": S.APPROVED,
        "country": "AT",
        "nuts_code": "AT12",
        "themes": ["connectivity", "sustainable-mobility"],
        **tr(
            "title",
            en="Glass fibre and mobility services in Lower Austria",
            de="Glasfaser und Mobilitätsangebote in Niederösterreich",
        ),
        **tr(
            "summary",
            en="Fast connections through a glass fibre project, and mobility services, to "
            "keep rural Lower Austria attractive.",
            de="Schnelle Verbindungen durch ein Glasfaserprojekt und Mobilitätsangebote, "
            "damit das ländliche Niederösterreich attraktiv bleibt.",
        ),
        **tr("region", en="Lower Austria", de="Niederösterreich"),
        **tr(
            "description",
            en="<p>Lower Austria presented its glass fibre project for connectivity "
            "together with its mobility services as practices that make a region next "
            "to Vienna attractive.</p>",
            de="<p>Niederösterreich stellte sein Glasfaserprojekt für die Konnektivität "
            "gemeinsam mit seinen Mobilitätsangeboten als Praktiken vor, die eine Region "
            "neben Wien attraktiv machen.</p>",
        ),
    },
    "lorawan-terrassa": {
        "owner": "barcelona",
        "status": S.APPROVED,
        "country": "ES",
        "nuts_code": "ES511",
        "themes": ["smart-territories", "connectivity"],
        **tr(
            "title", en="A LoRaWAN IoT network in Terrassa", ca="Una xarxa IoT LoRaWAN a Terrassa"
        ),
        **tr(
            "summary",
            en="Terrassa City Council runs an Internet of Things network based on LoRaWAN.",
            ca="L'Ajuntament de Terrassa gestiona una xarxa d'Internet de les coses basada "
            "en LoRaWAN.",
        ),
        **tr("city", en="Terrassa"),
        **tr("main_institution", en="Terrassa City Council", ca="Ajuntament de Terrassa"),
        **tr(
            "description",
            en="<p>A low-power, long-range radio network connects sensors across the city, "
            "the base for smart municipal services.</p>",
            ca="<p>Una xarxa de ràdio de baix consum i llarg abast connecta sensors arreu de "
            "la ciutat, la base de serveis municipals intel·ligents.</p>",
        ),
    },
    "neapolis-vilanova": {
        "owner": "barcelona",
        "status": S.APPROVED,
        "country": "ES",
        "nuts_code": "ES511",
        "themes": ["business-support", "skills"],
        **tr(
            "title",
            en="Neàpolis innovation ecosystem",
            ca="Ecosistema d'innovació Neàpolis",
            es="Ecosistema de innovación Neàpolis",
        ),
        **tr(
            "summary",
            en="An innovation ecosystem in Vilanova i la Geltrú that brings businesses, "
            "research and the public sector together around technology.",
            es="Un ecosistema de innovación en Vilanova i la Geltrú que une empresas, "
            "investigación y sector público en torno a la tecnología.",
        ),
        **tr("city", en="Vilanova i la Geltrú"),
        **tr(
            "description",
            en="<p>Presented by the Barcelona Provincial Council among the smart services "
            "and innovation labs of the province.</p>",
            es="<p>Presentado por la Diputación de Barcelona entre los servicios "
            "inteligentes y los laboratorios de innovación de la provincia.</p>",
        ),
    },
    "e-health-podlaskie": {
        "owner": "podlaskie",
        "status": S.APPROVED,
        "country": "PL",
        "nuts_code": "PL84",
        "themes": ["e-health", "e-services"],
        **tr(
            "title",
            en="E-Health Podlaskie Information System",
            pl="Podlaski System Informacyjny e-Zdrowie",
        ),
        **tr(
            "summary",
            en="A regional information system that links the health care providers of "
            "Podlaskie and offers e-services to patients.",
            pl="Regionalny system informacyjny, który łączy podmioty lecznicze Podlasia i "
            "oferuje pacjentom e-usługi.",
        ),
        **tr("region", en="Podlaskie", pl="Podlasie"),
        **tr("main_institution", en="Podlaskie Voivodeship", pl="Województwo Podlaskie"),
        **tr(
            "description",
            en="<p>Part of “Digital Podlaskie”, together with the e-services that the "
            "communes of the Association of Rural Communes offer their inhabitants.</p>",
            pl="<p>Część „Cyfrowego Podlasia”, obok e-usług, które gminy Związku Gmin "
            "Wiejskich oferują swoim mieszkańcom.</p>",
        ),
    },
    "infotech-cluster": {
        "owner": "podlaskie",
        "status": S.APPROVED,
        "country": "PL",
        "nuts_code": "PL84",
        "themes": ["business-support"],
        **tr("title", en="InfoTech Technology Cluster", pl="Klaster Technologiczny InfoTech"),
        **tr(
            "summary",
            en="An ICT cluster of more than 60 members in Podlaskie.",
            pl="Klaster ICT z ponad 60 członkami na Podlasiu.",
        ),
        **tr("region", en="Podlaskie", pl="Podlasie"),
        **tr(
            "main_institution",
            en="InfoTech Technology Cluster",
            pl="Klaster Technologiczny InfoTech",
        ),
        **tr(
            "description",
            en="<p>The cluster brings the region's ICT businesses together; it is a member "
            "of the stakeholder group of Podlaskie's policy instrument.</p>",
            pl="<p>Klaster skupia firmy ICT regionu; jest członkiem grupy interesariuszy "
            "instrumentu polityki województwa podlaskiego.</p>",
        ),
    },
    "lahti-radio-tv-museum": {
        "owner": "paijat-hame",
        "status": S.APPROVED,
        "country": "FI",
        "nuts_code": "FI1C3",
        "themes": ["culture-heritage"],
        "presented_at": ["ple-1-lahti"],
        **tr(
            "title",
            en="Lahti Radio and TV Museum: digital experiences that attract visitors",
            fi="Lahden Radio- ja tv-museo: vierailijoita houkuttelevat digitaaliset elämykset",
        ),
        **tr(
            "summary",
            en="An immersive, interactive experience of the audiovisual history of Finland.",
            fi="Mukaansatempaava ja vuorovaikutteinen elämys Suomen audiovisuaalisesta "
            "historiasta.",
        ),
        **tr("city", en="Lahti"),
        **tr("region", en="Päijät-Häme"),
        **tr("main_institution", en="Lahti Radio and TV Museum", fi="Radio- ja tv-museo Mastola"),
        **tr(
            "description",
            en="<p>The partners visited the museum during the first Policy Learning Event "
            "in January 2020: it shows how digitalisation measures can attract new "
            "visitors.</p>",
            fi="<p>Kumppanit vierailivat museossa ensimmäisen Policy Learning -tapahtuman "
            "aikana tammikuussa 2020: se osoittaa, miten digitalisaatio voi houkutella "
            "uusia kävijöitä.</p>",
        ),
    },
    "vr-historic-lahti": {
        "owner": "paijat-hame",
        "status": S.APPROVED,
        "country": "FI",
        "nuts_code": "FI1C3",
        "themes": ["culture-heritage", "skills"],
        "presented_at": ["ple-1-lahti"],
        **tr(
            "title",
            en="Virtual reality recreation of historic Lahti",
            fi="Historiallinen Lahti virtuaalitodellisuudessa",
        ),
        **tr(
            "summary",
            en="Students and professionals recreated the Lahti of the last century in "
            "virtual reality, with a local university.",
            fi="Opiskelijat ja ammattilaiset loivat viime vuosisadan Lahden "
            "virtuaalitodellisuuteen yhdessä paikallisen korkeakoulun kanssa.",
        ),
        **tr("city", en="Lahti"),
        **tr("region", en="Päijät-Häme"),
        **tr(
            "description",
            en="<p>The immersive experience helps young people discover another side of "
            "their city and brings back memories to older people.</p>",
            fi="<p>Elämys auttaa nuoria löytämään kaupungistaan uuden puolen ja herättää "
            "vanhemmissa muistoja.</p>",
        ),
    },
    "digital-innovation-rooms-mv": {
        "owner": "mv-regional-authority",
        "status": S.APPROVED,
        "country": "DE",
        "nuts_code": "DE80",
        "themes": ["business-support"],
        **tr(
            "title",
            en="Digital innovation rooms and technology centres",
            de="Digitale Innovationsräume und Technologiezentren",
        ),
        **tr(
            "summary",
            en="Places in Mecklenburg-Vorpommern where businesses try out digital "
            "technologies and get support.",
            de="Orte in Mecklenburg-Vorpommern, an denen Unternehmen digitale Technologien "
            "erproben und Unterstützung erhalten.",
        ),
        **tr("region", en="Mecklenburg-Vorpommern"),
        **tr(
            "description",
            en="<p>Business support through digital innovation rooms and the region's "
            "technology centres.</p>",
            de="<p>Unternehmensförderung durch digitale Innovationsräume und die "
            "Technologiezentren des Landes.</p>",
        ),
    },
}

TRANSFERS = [
    {
        "practice": "digital-consultations-local-digital-strategies",
        "partner": "podlaskie",
        "stage": TransferInterest.Stage.TRANSFERRED,
        "action_title": "Online consultation with users as a selection criterion for e-services",
        **tr(
            "notes",
            en="A new selection criterion, “Online consultation service with users "
            "(inhabitants/entrepreneurs)”, in the RPOWP 2014–2020 call for e-services in "
            "administration.",
            pl="Nowe kryterium wyboru, „Usługa konsultacji online z użytkownikami "
            "(mieszkańcami/przedsiębiorcami)”, w naborze RPOWP 2014–2020 na e-usługi w "
            "administracji.",
        ),
    },
    {
        "practice": "smart-urban-platform",
        "partner": "ecoplus",
        "stage": TransferInterest.Stage.ADAPTING,
        **tr(
            "notes",
            en="The action plan builds an IoT platform based on the Smart Urban Platform, "
            "with steps, partner roles, a cost estimate and a funding instrument.",
            de="Der Aktionsplan baut eine IoT-Plattform nach dem Vorbild der Smart Urban "
            "Platform auf, mit Schritten, Rollen, Kostenschätzung und Förderinstrument.",
        ),
    },
    {
        "practice": "smart-urban-platform",
        "partner": "ecoplus",
        "stage": TransferInterest.Stage.TRANSFERRED,
        **tr(
            "notes",
            en="Results: use cases in municipalities and a tested platform.",
            de="Ergebnisse: Anwendungsfälle in Gemeinden und eine getestete Plattform.",
        ),
    },
    {
        "practice": "digibale",
        "partner": "emra",
        "stage": TransferInterest.Stage.STUDYING,
        **tr(
            "notes",
            en="Explored with Midlands agricultural stakeholders in two online meetings "
            "(16 and 23 participants).",
        ),
    },
]


def load_good_practices() -> dict:
    themes = {}
    for order, (slug, fields) in enumerate(THEMES.items(), start=1):
        themes[slug], _ = Theme.objects.update_or_create(
            slug=slug, defaults={**fields, "order": order}
        )
    partners = {p.slug: p for p in Partner.objects.all()}
    events = {e.slug: e for e in Event.objects.all()}
    practices = {}
    # A fixed, plausible publication order for the demo (newest: the database entry).
    published = datetime.datetime(2022, 6, 1, 9, 0, tzinfo=datetime.UTC)
    for position, (slug, fields) in enumerate(reversed(PRACTICES.items())):
        fields = dict(fields)
        theme_slugs = fields.pop("themes", [])
        event_slugs = fields.pop("presented_at", [])
        fields["owner"] = partners[fields["owner"]]
        if fields["status"] in GoodPractice.PUBLISHED_STATES:
            fields["published_at"] = published + datetime.timedelta(days=7 * position)
        practice, _ = GoodPractice.objects.update_or_create(slug=slug, defaults=fields)
        practice.themes.set([themes[t] for t in theme_slugs])
        practice.presented_at.set([events[e] for e in event_slugs if e in events])
        practices[slug] = practice
    for fields in TRANSFERS:
        fields = dict(fields)
        action_title = fields.pop("action_title", None)
        practice = practices[fields.pop("practice")]
        partner = partners[fields.pop("partner")]
        stage = fields.pop("stage")
        fields["action"] = (
            Action.objects.filter(
                title_en=action_title, action_plan__instrument__partner=partner
            ).first()
            if action_title
            else None
        )
        fields["date"] = None  # the sources give no exact date
        TransferInterest.objects.update_or_create(
            practice=practice, partner=partner, stage=stage, defaults=fields
        )
    return {
        "themes": len(themes),
        "good practices": len(practices),
        "transfer steps": TransferInterest.objects.count(),
    }
