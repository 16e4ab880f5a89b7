"""The real Next2Met facts, for the demo and for a first production load.

Sources are in ``shared/reference/domain.md``. Facts marked there as inferred carry
``details_confirmed=False`` / ``role_dates_confirmed=False`` and a source note, so editors
see what still needs checking. No personal data: contacts named in the sources are
left out on purpose.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from .models import (
    Action,
    ActionPlan,
    LineOfAction,
    Partner,
    PolicyInstrument,
    Project,
    ProjectLink,
    ProjectPhase,
    StakeholderOrganisation,
)

D = datetime.date


def tr(field: str, **texts: str) -> dict:
    """``tr("name", en="…", fi="…")`` -> ``{"name_en": "…", "name_fi": "…"}``."""
    return {f"{field}_{code}": text for code, text in texts.items()}


PROJECT = {
    "acronym": "Next2Met",
    "budget_eur": Decimal("1358584.00"),
    "start_date": D(2019, 8, 1),
    # The 2019 plan: 2.5 years of learning and one year of monitoring, to January 2023.
    "planned_end_date": D(2023, 1, 31),
    # Extended: the partners' pages give 31 July 2023 as the end.
    "actual_end_date": D(2023, 7, 31),
    "website": "https://projects2014-2020.interregeurope.eu/next2met/",
    **tr(
        "name",
        en="Next2Met – Increasing attractiveness of ‘Next to Metropolis’ regions with soft "
        "digitalisation measures",
        fi="Next2Met – Metropolien naapurialueiden vetovoiman lisääminen pehmeän "
        "digitalisaation keinoin",
        de="Next2Met – Metropolnahe Regionen durch weiche Digitalisierungsmaßnahmen "
        "attraktiver machen",
        pl="Next2Met – Zwiększenie atrakcyjności regionów Next2Met dzięki „miękkim” "
        "działaniom w zakresie cyfryzacji",
        it="Next2Met – Aumentare l’attrattività delle aree limitrofe alle metropoli "
        "attraverso misure di digitalizzazione",
    ),
    **tr(
        "programme",
        en="Interreg Europe 2014–2020",
        fi="Interreg Europe 2014–2020",
        de="Interreg Europe 2014–2020",
        pl="Interreg Europa 2014–2020",
        it="Interreg Europe 2014-2020",
    ),
    **tr(
        "call",
        en="4th call",
        fi="4. hakukierros",
        de="4. Aufruf",
        pl="4. nabór",
        es="4.ª convocatoria",
        ca="4a convocatòria",
        it="4° bando",
        fr="4e appel",
    ),
    **tr(
        "summary",
        en=(
            "Next2Met is an interregional cooperation project funded by the fourth Interreg "
            "Europe call. It started on 1 August 2019. The Regional Council of Päijät-Häme "
            "(Finland) is the Lead Partner; the other partners come from next-to-metropolitan "
            "regions in Austria, Spain, Poland, Germany and Ireland. The Conference of "
            "Peripheral Maritime Regions (France) is the Advisory Partner, and Resolvo (Italy) "
            "supports the Lead Partner.\n\n"
            "The partners work to improve four ERDF Operational Programmes and two local "
            "instruments. The project creates a policy framework in the participating regions "
            "that focuses financial resources and innovation-chain activities on regional "
            "attractiveness: the conditions to design, develop and commercialise digital "
            "products and services that make the regions’ priority sectors the unique selling "
            "point of next-to-metropolitan regions."
        ),
        fi=(
            "Next2Met on Interreg Europe -ohjelman neljännellä hakukierroksella rahoitettu "
            "alueiden välinen yhteistyöhanke, joka alkoi 1.8.2019. Hanketta johtaa "
            "Päijät-Hämeen liitto; muut kumppanit tulevat metropolien naapurialueilta "
            "Itävallasta, Espanjasta, Puolasta, Saksasta ja Irlannista. Neuvoa-antavana "
            "kumppanina on Euroopan reuna-alueiden merellisten alueiden konferenssi CPMR "
            "(Ranska), ja italialainen Resolvo tukee hallinnoinnissa.\n\n"
            "Kumppanit kehittävät neljää EAKR-toimenpideohjelmaa ja kahta paikallista "
            "politiikkainstrumenttia. Tavoitteena on luoda alueille toimintakehys, joka "
            "suuntaa rahoitusta ja innovaatioketjun toimintaa alueen vetovoimaan: "
            "edellytykset suunnitella, kehittää ja kaupallistaa digitaalisia tuotteita ja "
            "palveluja, joiden avulla alueen kärkialoista tulee metropolien naapurialueiden "
            "erottautumistekijä."
        ),
        de=(
            "Mecklenburg-Vorpommern liegt nah an Metropolen wie Berlin, Hamburg und Stettin – "
            "das ist nicht immer von Vorteil für die Region, wenn wichtige Arbeitskräfte in die "
            "nahen Metropolen abwandern. Next2Met ermöglicht den engen Austausch mit anderen "
            "metropolnahen Regionen in Europa, um die besten regionalen "
            "Digitalisierungsmaßnahmen miteinander zu teilen.\n\n"
            "Weiche Digitalisierungsmaßnahmen unterstützen über die technischen Anschlüsse "
            "hinaus: Services sollen digitale Angebote besser nutzbar machen und digitale "
            "Akteure in den Next2Met-Regionen stärken. Innovative Maßnahmen der Partner können "
            "im Rahmen des Projekts in die eigene Region angepasst und übernommen werden."
        ),
        pl=(
            "Next2Met to innowacyjny projekt, który swoje działania opiera na współpracy i "
            "wymianie doświadczeń sześciu regionów Unii Europejskiej określanych mianem "
            "Next2Met, tj. położonych w sąsiedztwie wielkich aglomeracji miejskich. Regiony te, "
            "choć o wysokim potencjale, przez swoją lokalizację co roku tracą doświadczonych "
            "przedsiębiorców oraz dobrze wykształconych pracowników na rzecz bardziej "
            "rozwiniętych obszarów metropolitalnych.\n\n"
            "Ideą projektu jest promocja regionów Next2Met oraz stworzenie bardziej atrakcyjnych "
            "warunków dla ich mieszkańców i przedsiębiorców poprzez wdrożenie nowych rozwiązań w "
            "obszarze miękkiej cyfryzacji."
        ),
        it=(
            "Il progetto Next2Met è stato finanziato con il quarto bando Interreg Europe, con "
            "data di inizio 1° agosto 2019. Il coordinatore del progetto è il Consiglio "
            "Regionale di Päijät-Häme (Finlandia); gli altri partner provengono da regioni di "
            "Austria, Spagna, Polonia, Germania e Irlanda. È presente anche un Advisory Partner "
            "francese.\n\n"
            "I partner lavorano su 4 Programmi Operativi nell’ambito del FESR e su 2 politiche "
            "locali. Il progetto si propone di creare un quadro politico di riferimento per le "
            "regioni che implementano misure per aumentare l’attrattività dei territori."
        ),
    ),
    **tr(
        "challenge",
        en=(
            "How can regions located close to metropolitan areas become more attractive in "
            "terms of knowledge, opportunities and capital? These areas have insufficient tools "
            "to keep experienced SMEs and well-educated people in the region, and their critical "
            "mass of research, development and innovation is not strong enough compared with "
            "the metropolitan regions next to them."
        ),
        fi=(
            "Miten metropolialueiden läheisyydessä sijaitsevista alueista tehdään "
            "houkuttelevampia osaamisen, mahdollisuuksien ja pääoman kannalta? Näillä alueilla "
            "on liian vähän keinoja pitää kokeneet pk-yritykset ja korkeasti koulutetut "
            "ihmiset alueella, eikä niiden tutkimus-, kehitys- ja innovaatiotoiminnan kriittinen "
            "massa riitä naapurimetropoleihin verrattuna."
        ),
        it=(
            "Next2Met si propone di aumentare l’attrattività dei territori limitrofi alle "
            "grandi aree metropolitane. Tali aree hanno strumenti insufficienti per attrarre le "
            "PMI e incentivare la presenza di personale qualificato, con alti livelli di "
            "istruzione."
        ),
        pl=(
            "Regiony Next2Met, choć o wysokim potencjale, przez swoją lokalizację co roku tracą "
            "doświadczonych przedsiębiorców oraz dobrze wykształconych pracowników na rzecz "
            "bardziej rozwiniętych obszarów metropolitalnych."
        ),
        de=(
            "Metropolnahe Regionen verlieren wichtige Arbeitskräfte an die nahen Metropolen. "
            "Welche Lösungen gibt es, um Menschen, Wissen und Kapital für diese Regionen zu "
            "gewinnen und hier zu halten?"
        ),
    ),
    **tr(
        "outlook",
        en=(
            "The interregional learning phase ended with the partner meeting in Krems an der "
            "Donau in May 2022, and the final event took place in Greifswald on 14 June 2023. "
            "The action plans now live on in the regions’ own policies. This portal keeps the "
            "partners’ results, their good practices and the stories of what each region took "
            "over from another, for every region that wants to learn from them."
        ),
        fi=(
            "Alueiden välinen oppimisvaihe päättyi kumppanikokoukseen Kremsissä toukokuussa "
            "2022, ja loppuseminaari pidettiin Greifswaldissa 14.6.2023. Toimintasuunnitelmat "
            "elävät nyt alueiden omissa politiikoissa. Tämä portaali säilyttää kumppanien "
            "tulokset, hyvät käytännöt ja tarinat siitä, mitä kukin alue omaksui toiselta."
        ),
    ),
}

LINES_OF_ACTION = [
    tr(
        "text",
        en="Strengthening the capacity of priority sectors (RIS3) to differentiate the "
        "regional offer.",
        fi="Vahvistetaan kärkialojen (RIS3) kyvykkyyttä, jotta alueen tarjonta erottuu.",
        it="Rafforzare i settori prioritari (RIS3), per differenziare l’offerta regionale.",
        pl="Wzmocnienie priorytetowych sektorów (RIS3), aby wyróżnić ofertę regionu.",
    ),
    tr(
        "text",
        en="Using innovation in soft digitalisation measures to support the capacity of "
        "priority sectors to attract knowledge, opportunities and capital.",
        fi="Hyödynnetään pehmeän digitalisaation innovaatioita, jotta kärkialat houkuttelevat "
        "osaamista, mahdollisuuksia ja pääomaa.",
        it="Usare misure di digitalizzazione diffusa per attrarre conoscenze, opportunità e "
        "capitali nel contesto dei settori prioritari selezionati.",
    ),
    tr(
        "text",
        en="Ensuring co-operation along the innovation chain to develop and apply soft "
        "digitalisation measures in priority sectors, in order to attract knowledge, "
        "opportunities and capital.",
        fi="Varmistetaan yhteistyö koko innovaatioketjussa pehmeän digitalisaation keinojen "
        "kehittämiseksi ja soveltamiseksi kärkialoilla.",
        it="Promuovere la collaborazione durante tutte le fasi della catena di innovazione per "
        "sviluppare e mettere in atto misure di digitalizzazione soft nei settori prioritari.",
    ),
]

PHASES = [
    {
        "number": 1,
        "start_date": D(2019, 8, 1),
        "end_date": D(2022, 7, 31),
        **tr(
            "title",
            en="Phase 1: interregional learning and action plans",
            fi="Vaihe 1: alueiden välinen oppiminen ja toimintasuunnitelmat",
            de="Phase 1: interregionales Lernen und Aktionspläne",
            pl="I Etap: międzyregionalna wymiana doświadczeń i plany działania",
            it="Fase 1: apprendimento interregionale e piani d’azione",
        ),
        **tr(
            "description",
            en="Partners exchange experience and good practices in Policy Learning Events, "
            "stakeholder meetings and study visits, and each writes a regional action plan to "
            "improve its policy instrument.",
            fi="Kumppanit vaihtavat kokemuksia ja hyviä käytäntöjä oppimistapahtumissa, "
            "sidosryhmätapaamisissa ja opintomatkoilla, ja kukin laatii alueellisen "
            "toimintasuunnitelman politiikkainstrumenttinsa parantamiseksi.",
            pl="Opracowanie Regionalnych Planów Działania dotyczących wzmocnienia priorytetowych "
            "sektorów (RIS3) w drodze międzyregionalnej wymiany doświadczeń i dobrych praktyk.",
        ),
    },
    {
        "number": 2,
        "start_date": D(2022, 8, 1),
        "end_date": D(2023, 7, 31),
        **tr(
            "title",
            en="Phase 2: implementation and monitoring",
            fi="Vaihe 2: toimeenpano ja seuranta",
            de="Phase 2: Umsetzung und Monitoring",
            pl="II Etap: wdrożenie oraz monitorowanie",
            it="Fase 2: attuazione e monitoraggio",
        ),
        **tr(
            "description",
            en="The regions carry out their action plans and report on how their policy "
            "instruments changed.",
            fi="Alueet toteuttavat toimintasuunnitelmansa ja raportoivat, miten niiden "
            "politiikkainstrumentit muuttuivat.",
            pl="Wdrożenie oraz monitorowanie Regionalnych Planów Działania.",
        ),
    },
]

LINKS = [
    tr(
        "label",
        en="Next2Met on the Interreg Europe website",
        fi="Next2Met Interreg Europen sivuilla",
        de="Next2Met auf der Website von Interreg Europe",
        pl="Next2Met na stronie Interreg Europe",
        it="Next2Met sul sito di Interreg Europe",
    )
    | {"url": "https://projects2014-2020.interregeurope.eu/next2met/"},
]

# slug -> fields; "replaces" names another slug.
PARTNERS = {
    "paijat-hame": {
        "order": 1,
        "role": Partner.Role.LEAD,
        "short_name": "RCPH",
        "country": "FI",
        "nuts_code": "FI1C3",
        "website": "https://paijat-hame.fi/en/",
        "role_start": D(2019, 8, 1),
        **tr(
            "name",
            en="Regional Council of Päijät-Häme",
            fi="Päijät-Hämeen liitto",
            de="Regionalrat von Päijät-Häme",
            pl="Rada Regionu Päijät-Häme",
            it="Consiglio Regionale di Päijät-Häme",
        ),
        **tr("region", en="Päijät-Häme", fi="Päijät-Häme"),
        **tr(
            "description",
            en="The Regional Council of Päijät-Häme, seated in Lahti, leads Next2Met. "
            "Päijät-Häme lies about an hour north of the Helsinki metropolitan area; its "
            "smart-specialisation priorities are circular economy, sports and experiences, "
            "and design. The Council hosted the first Policy Learning Event in Lahti in "
            "January 2020.",
            fi="Lahdessa toimiva Päijät-Hämeen liitto johtaa Next2Met-hanketta. Päijät-Häme "
            "sijaitsee noin tunnin matkan päässä pääkaupunkiseudulta; maakunnan älykkään "
            "erikoistumisen painopisteet ovat kiertotalous, urheilu ja elämykset sekä muotoilu. "
            "Liitto isännöi hankkeen ensimmäistä oppimistapahtumaa Lahdessa tammikuussa 2020.",
        ),
    },
    "lower-austria-government": {
        "order": 2,
        "role": Partner.Role.PARTNER,
        "country": "AT",
        "nuts_code": "AT12",
        "website": "https://www.noe.gv.at",
        "role_start": D(2019, 8, 1),
        "role_end": D(2020, 6, 30),
        "role_dates_confirmed": False,
        **tr(
            "name",
            en="Office of the Regional Government of Lower Austria",
            de="Amt der Niederösterreichischen Landesregierung",
        ),
        **tr("region", en="Lower Austria", de="Niederösterreich"),
        **tr(
            "description",
            en="The Department of Economy, Tourism and Technology of the Lower Austrian "
            "regional government represented Lower Austria at the start of the project and "
            "hosted the second Policy Learning Event, held online in May 2020. The business "
            "agency ecoplus then took over the partnership.",
            de="Die Abteilung Wirtschaft, Tourismus und Technologie des Amtes der NÖ "
            "Landesregierung vertrat Niederösterreich zu Projektbeginn und richtete im Mai 2020 "
            "das zweite Policy Learning Event online aus. Danach übernahm ecoplus die "
            "Partnerschaft.",
        ),
    },
    "ecoplus": {
        "order": 3,
        "role": Partner.Role.PARTNER,
        "country": "AT",
        "nuts_code": "AT12",
        "website": "https://www.ecoplus.at",
        "role_start": D(2020, 7, 1),
        "role_dates_confirmed": False,
        "replaces": "lower-austria-government",
        **tr(
            "name",
            en="ecoplus. The Business Agency of Lower Austria",
            de="ecoplus. Niederösterreichs Wirtschaftsagentur GmbH",
            pl="Ecoplus, Agencja Współpracy Gospodarczej Dolnej Austrii",
        ),
        **tr("region", en="Lower Austria", de="Niederösterreich", pl="Dolna Austria"),
        **tr(
            "description",
            en="ecoplus, the business agency of Lower Austria, runs the region's clusters and "
            "carried Lower Austria's part of Next2Met from 2020. Inspired by the Smart Urban "
            "Platform of the Barcelona Provincial Council, its action plan built an IoT "
            "platform tested with municipalities.",
            de="ecoplus, Niederösterreichs Wirtschaftsagentur, betreut die Cluster des Landes "
            "und führte den niederösterreichischen Teil von Next2Met ab 2020 weiter. Angeregt "
            "von der Smart Urban Platform der Diputació de Barcelona baute ihr Aktionsplan eine "
            "IoT-Plattform auf, die mit Gemeinden erprobt wurde.",
        ),
    },
    "barcelona": {
        "order": 4,
        "role": Partner.Role.PARTNER,
        "short_name": "DIBA",
        "country": "ES",
        "nuts_code": "ES511",
        "website": "https://www.diba.cat",
        "role_start": D(2019, 8, 1),
        **tr(
            "name",
            en="Barcelona Provincial Council",
            es="Diputación de Barcelona",
            ca="Diputació de Barcelona",
            de="Provinzialrat von Barcelona",
            pl="Prowincja Barcelony",
        ),
        **tr(
            "region",
            en="Province of Barcelona",
            es="Provincia de Barcelona",
            ca="Província de Barcelona",
        ),
        **tr(
            "description",
            en="The Barcelona Provincial Council (Diputació de Barcelona) supports the "
            "municipalities of the province around the metropolis. It hosted the third Policy "
            "Learning Event online in December 2020, on services to people, sustainability and "
            "connectivity, and its Smart Urban Platform was adapted by Lower Austria.",
            ca="La Diputació de Barcelona dona suport als municipis de la província que "
            "envolten la metròpoli. Va acollir en línia el tercer Policy Learning Event el "
            "desembre de 2020, sobre serveis a les persones, sostenibilitat i connectivitat, i "
            "la seva Smart Urban Platform va ser adaptada per la Baixa Àustria.",
            es="La Diputación de Barcelona apoya a los municipios de la provincia que rodean la "
            "metrópoli. Acogió en línea el tercer Policy Learning Event en diciembre de 2020, "
            "sobre servicios a las personas, sostenibilidad y conectividad, y su Smart Urban "
            "Platform fue adaptada por la Baja Austria.",
        ),
    },
    "emra": {
        "order": 5,
        "role": Partner.Role.PARTNER,
        "short_name": "EMRA",
        "country": "IE",
        "nuts_code": "IE06",
        "website": "https://emra.ie",
        "role_start": D(2019, 8, 1),
        **tr(
            "name",
            en="Eastern and Midland Regional Assembly",
            pl="Zgromadzenie Regionu Wschodniego i Środkowego",
        ),
        **tr("region", en="Eastern and Midland Region (focus on the Midlands)"),
        **tr(
            "description",
            en="The Eastern and Midland Regional Assembly focuses its Next2Met work on the "
            "Midlands counties of Laois, Longford, Offaly and Westmeath, next to Dublin. Its "
            "good practice on digital consultations for local digital strategies was taken up "
            "by Podlaskie.",
        ),
    },
    "podlaskie": {
        "order": 6,
        "role": Partner.Role.PARTNER,
        "country": "PL",
        "nuts_code": "PL84",
        "website": "https://wrotapodlasia.pl",
        "role_start": D(2019, 8, 1),
        **tr(
            "name",
            en="Podlaskie Voivodeship",
            pl="Województwo Podlaskie",
            de="Woiwodschaft Podlachien",
        ),
        **tr("region", en="Podlaskie", pl="Podlasie"),
        **tr(
            "description",
            en="The Marshal's Office of Podlaskie Voivodeship (Department of Regional "
            "Development) takes part for a region that has long stood in the shadow of "
            "Poland's main metropolitan area, Mazovia. It hosted the fifth Policy Learning "
            "Event online in December 2021.",
            pl="Urząd Marszałkowski Województwa Podlaskiego realizuje projekt Next2Met. "
            "Województwo Podlaskie od lat pozostaje w cieniu głównego obszaru metropolitalnego "
            "Polski – Województwa Mazowieckiego. W grudniu 2021 r. zorganizowało online piąte "
            "wydarzenie Policy Learning Event.",
        ),
    },
    "mv-regional-authority": {
        "order": 7,
        "role": Partner.Role.PARTNER,
        "country": "DE",
        "nuts_code": "DE80",
        "website": "https://www.regierung-mv.de",
        "role_start": D(2019, 8, 1),
        "role_end": D(2020, 12, 31),
        "role_dates_confirmed": False,
        **tr(
            "name",
            en="Mecklenburg-Vorpommern Regional Authority",
            de="Landesregierung Mecklenburg-Vorpommern",
        ),
        **tr("region", en="Mecklenburg-Vorpommern", de="Mecklenburg-Vorpommern"),
        **tr(
            "description",
            en="The regional authority represented Mecklenburg-Vorpommern at the start of the "
            "project and held its first stakeholder meeting in Rostock in January 2020. WITENO "
            "GmbH then took over the partnership.",
            de="Die Landesregierung vertrat Mecklenburg-Vorpommern zu Projektbeginn und lud im "
            "Januar 2020 in Rostock zum ersten Treffen der regionalen Interessengruppen ein. "
            "Danach übernahm die WITENO GmbH die Partnerschaft.",
        ),
    },
    "witeno": {
        "order": 8,
        "role": Partner.Role.PARTNER,
        "short_name": "WITENO",
        "country": "DE",
        "nuts_code": "DE80",
        "website": "https://www.witeno.de",
        "role_start": D(2021, 1, 1),
        "role_dates_confirmed": False,
        "replaces": "mv-regional-authority",
        **tr("name", en="WITENO GmbH", de="WITENO GmbH"),
        **tr(
            "region",
            en="Mecklenburg-Vorpommern (Greifswald)",
            de="Mecklenburg-Vorpommern (Greifswald)",
        ),
        **tr(
            "description",
            en="WITENO GmbH, the technology centre company in Greifswald, carried "
            "Mecklenburg-Vorpommern's part of Next2Met and hosted the final event in "
            "Greifswald on 14 June 2023. For WITENO, soft digitalisation means services that "
            "go beyond technical connection: they make digital offers easier to use and "
            "strengthen digital participation.",
            de="Mecklenburg-Vorpommern liegt nah an Metropolen wie Berlin, Hamburg und Stettin. "
            "Die WITENO GmbH in Greifswald führte den Teil des Landes in Next2Met und richtete "
            "am 14. Juni 2023 die Abschlussveranstaltung in Greifswald aus. Weiche "
            "Digitalisierungsmaßnahmen unterstützen über die technischen Anschlüsse hinaus: "
            "Services sollen digitale Angebote besser nutzbar machen und digitale Akteure "
            "stärken.",
        ),
    },
    "cpmr": {
        "order": 9,
        "role": Partner.Role.ADVISORY,
        "short_name": "CPMR",
        "country": "FR",
        "nuts_code": "FRH0",
        "website": "https://cpmr.org",
        "role_start": D(2019, 8, 1),
        **tr(
            "name",
            en="Conference of Peripheral Maritime Regions",
            fr="Conférence des Régions Périphériques Maritimes",
            de="Konferenz der peripheren Küstenregionen",
            pl="Konferencja Peryferyjnych Regionów Morskich Europy",
        ),
        **tr("region", en="Brittany (seat in Rennes)", fr="Bretagne (siège à Rennes)"),
        **tr(
            "description",
            en="The Conference of Peripheral Maritime Regions is the Advisory Partner of "
            "Next2Met, in charge of its communication activities.",
            fr="La Conférence des Régions Périphériques Maritimes est le partenaire consultatif "
            "de Next2Met, chargé des activités de communication.",
        ),
    },
    "resolvo": {
        "order": 10,
        "role": Partner.Role.SERVICE,
        "country": "IT",
        "website": "https://resolvo.eu",
        "role_start": D(2019, 8, 1),
        **tr("name", en="Resolvo Srl", it="Resolvo Srl"),
        **tr(
            "description",
            en="Resolvo is not a project partner: it supported the Regional Council of "
            "Päijät-Häme in preparing the approved proposal and assists the Lead Partner with "
            "project management and methodology.",
            it="Resolvo Srl ha supportato il Consiglio Regionale di Päijät-Häme durante la fase "
            "di preparazione della proposta approvata e affianca il capofila nella gestione del "
            "progetto e nel suo sviluppo metodologico.",
        ),
    },
}

INSTRUMENTS = {
    "rses-eastern-midland": {
        "partner": "emra",
        "kind": PolicyInstrument.Kind.REGIONAL,
        **tr(
            "title",
            en="Regional Spatial and Economic Strategy of the Eastern and Midland Region",
        ),
        **tr("managing_authority", en="Eastern and Midland Regional Assembly"),
        **tr(
            "description",
            en="The Regional Spatial and Economic Strategy (RSES) sets the long-term planning "
            "and economic framework of the region. Through Next2Met, EMRA works on a regional "
            "digitalisation framework for the Midlands.",
        ),
        "source_note": "emra.ie/next2met",
        "stakeholders": [
            ("Laois County Council", "public"),
            ("Longford County Council", "public"),
            ("Offaly County Council", "public"),
            ("Westmeath County Council", "public"),
        ],
        "plan": {
            "status": ActionPlan.Status.APPROVED,
            **tr("title", en="Action plan of the Eastern and Midland Region"),
            "actions": [
                {
                    "status": Action.Status.IN_PROGRESS,
                    **tr("title", en="A regional digitalisation framework for the Midlands"),
                    **tr(
                        "description",
                        en="A roadmap for the digitalisation of the Midlands, inspired by "
                        "Lower Austria's practices and discussed with stakeholders in an "
                        "online workshop in February 2023.",
                    ),
                    **tr("players", en="EMRA; the four Midlands county councils"),
                }
            ],
        },
    },
    "rpowp-2014-2020": {
        "partner": "podlaskie",
        "kind": PolicyInstrument.Kind.ERDF_OP,
        **tr(
            "title",
            en="Regional Operational Programme of Podlaskie Voivodeship 2014–2020",
            pl="Regionalny Program Operacyjny Województwa Podlaskiego na lata 2014–2020",
        ),
        **tr(
            "managing_authority",
            en="Board of Podlaskie Voivodeship",
            pl="Zarząd Województwa Podlaskiego",
        ),
        **tr(
            "description",
            en="Next2Met addresses the programme's call for the development of electronic "
            "services in administration.",
            pl="Next2Met dotyczy naboru programu na rozwój e-usług w administracji.",
        ),
        "source_note": "news-article/14108",
        "stakeholders": [
            ("InfoTech Technology Cluster", "business"),
            ("Association of Rural Communes of Podlaskie Voivodeship", "public"),
        ],
        "plan": {
            "status": ActionPlan.Status.IMPLEMENTED,
            **tr(
                "title",
                en="Action plan of Podlaskie Voivodeship",
                pl="Plan działania Województwa Podlaskiego",
            ),
            "actions": [
                {
                    "status": Action.Status.COMPLETED,
                    **tr(
                        "title",
                        en="Online consultation with users as a selection criterion for e-services",
                        pl="Konsultacje online z użytkownikami jako kryterium wyboru projektów "
                        "e-usług",
                    ),
                    **tr(
                        "description",
                        en="A new project selection criterion, “Online consultation service "
                        "with users (inhabitants/entrepreneurs)”, was added to the call for "
                        "e-services in administration. It was inspired by EMRA's good practice "
                        "on digital consultations for local digital strategies.",
                    ),
                    **tr(
                        "players",
                        en="Marshal's Office of Podlaskie Voivodeship, Department of Regional "
                        "Development",
                    ),
                }
            ],
        },
    },
    "diba-local-governments": {
        "partner": "barcelona",
        "kind": PolicyInstrument.Kind.REGIONAL,
        "details_confirmed": False,
        **tr(
            "title",
            en="Local Government Network Plan (Xarxa de Governs Locals) 2020–2023",
            ca="Pla de concertació Xarxa de Governs Locals 2020–2023",
            es="Plan de concertación Red de Gobiernos Locales 2020–2023",
        ),
        **tr("managing_authority", en="Barcelona Provincial Council"),
        **tr(
            "description",
            en="The instrument that provides resources to local governments of the province to "
            "reduce territorial asymmetries. Next2Met gave it a new strategic direction.",
        ),
        "source_note": "Description confirmed in news-article/15995; the name Xarxa de Governs "
        "Locals is inferred from transparencia.diba.cat. Check the application form.",
        "stakeholders": [
            ("i2CAT Foundation", "research"),
            ("Fab Lab Barcelona", "research"),
            ("Terrassa City Council", "public"),
            ("Vilanova i la Geltrú City Council", "public"),
        ],
        "plan": {
            "status": ActionPlan.Status.IMPLEMENTED,
            **tr("title", en="Action plan of the Barcelona Provincial Council"),
            "actions": [
                {
                    "status": Action.Status.COMPLETED,
                    **tr(
                        "title",
                        en="A new strategic direction for the support to local governments",
                    ),
                    **tr(
                        "description",
                        en="Presented at the final event in Greifswald in June 2023.",
                    ),
                }
            ],
        },
    },
    "sustainable-growth-jobs-fi": {
        "partner": "paijat-hame",
        "kind": PolicyInstrument.Kind.ERDF_OP,
        "details_confirmed": False,
        **tr(
            "title",
            en="Sustainable growth and jobs 2014–2020 – Finland's structural funds programme",
            fi="Kestävää kasvua ja työtä 2014–2020 – Suomen rakennerahasto-ohjelma",
        ),
        **tr(
            "description",
            en="The ERDF part of Finland's structural funds programme, in the Southern Finland "
            "sub-area.",
            fi="Suomen rakennerahasto-ohjelman EAKR-osa Etelä-Suomen osa-alueella.",
        ),
        "source_note": "Inferred by elimination (4 ERDF programmes + 2 local instruments); "
        "paijat-hame.fi/en/funding-programmes/.",
        "plan": {
            "status": ActionPlan.Status.APPROVED,
            **tr(
                "title",
                en="Better quality of life through digitalisation",
                fi="Parempaa elämänlaatua digitalisaation avulla",
            ),
            "actions": [
                {
                    "order": 1,
                    **tr("title", en="Home-care benchmark with Barcelona"),
                    "status": Action.Status.IN_PROGRESS,
                },
                {
                    "order": 2,
                    **tr("title", en="Mobile public health services"),
                    "status": Action.Status.IN_PROGRESS,
                },
                {
                    "order": 3,
                    **tr("title", en="Digital services of the MALVA art museum"),
                    "status": Action.Status.IN_PROGRESS,
                },
                {
                    "order": 4,
                    **tr("title", en="Connectivity and hybrid working"),
                    "status": Action.Status.IN_PROGRESS,
                },
            ],
        },
    },
    "iwb-efre-austria": {
        "partner": "ecoplus",
        "kind": PolicyInstrument.Kind.ERDF_OP,
        "details_confirmed": False,
        **tr(
            "title",
            en="Investments in Growth and Jobs Austria 2014–2020 (IWB/EFRE)",
            de="Investitionen in Wachstum und Beschäftigung Österreich 2014–2020 (IWB/EFRE)",
        ),
        "source_note": "Inferred: the programme exists (eu.wien.gv.at/2014-2020); ecoplus' "
        "funding instrument was still being finalised in December 2021.",
        "plan": {
            "status": ActionPlan.Status.IMPLEMENTED,
            **tr(
                "title",
                en="Action plan of Lower Austria",
                de="Aktionsplan Niederösterreich",
            ),
            "actions": [
                {
                    "status": Action.Status.COMPLETED,
                    **tr(
                        "title",
                        en="An IoT platform for municipalities, based on the Smart Urban "
                        "Platform of Barcelona",
                        de="Eine IoT-Plattform für Gemeinden nach dem Vorbild der Smart Urban "
                        "Platform aus Barcelona",
                    ),
                    **tr(
                        "description",
                        en="Concrete steps, partner roles, a cost estimate and a funding "
                        "instrument; the result is a tested platform with municipal use cases.",
                    ),
                }
            ],
        },
    },
    "erdf-op-mv": {
        "partner": "witeno",
        "kind": PolicyInstrument.Kind.ERDF_OP,
        "details_confirmed": False,
        **tr(
            "title",
            en="ERDF Operational Programme Mecklenburg-Vorpommern 2014–2020",
            de="EFRE-Operationelles Programm Mecklenburg-Vorpommern 2014–2020",
        ),
        "url": "https://ec.europa.eu/regional_policy/en/atlas/programmes/2014-2020/germany/"
        "2014de16rfop008",
        "source_note": "Inferred (CCI 2014DE16RFOP008); the action plan's content was not found.",
    },
}


@transaction.atomic
def load_partners() -> dict:
    """Create or update the project, partners and instruments; return counts."""
    project_fields = dict(PROJECT)
    project = Project.objects.first()
    if project is None:
        project = Project(**project_fields)
    else:
        for name, value in project_fields.items():
            setattr(project, name, value)
    project.full_clean()
    project.save()
    for order, fields in enumerate(LINES_OF_ACTION, start=1):
        LineOfAction.objects.update_or_create(project=project, order=order, defaults=fields)
    for fields in PHASES:
        fields = dict(fields)
        ProjectPhase.objects.update_or_create(
            project=project, number=fields.pop("number"), defaults=fields
        )
    for order, fields in enumerate(LINKS, start=1):
        ProjectLink.objects.update_or_create(project=project, order=order, defaults=fields)

    partners = {}
    for slug, fields in PARTNERS.items():
        fields = dict(fields)
        replaces = fields.pop("replaces", None)
        fields["replaces"] = partners[replaces] if replaces else None
        partners[slug], _ = Partner.objects.update_or_create(slug=slug, defaults=fields)

    for slug, fields in INSTRUMENTS.items():
        fields = dict(fields)
        stakeholders = fields.pop("stakeholders", [])
        plan = fields.pop("plan", None)
        fields["partner"] = partners[fields["partner"]]
        instrument, _ = PolicyInstrument.objects.update_or_create(slug=slug, defaults=fields)
        for order, (name, sector) in enumerate(stakeholders, start=1):
            StakeholderOrganisation.objects.update_or_create(
                instrument=instrument, order=order, defaults={"name_en": name, "sector": sector}
            )
        if plan:
            plan = dict(plan)
            actions = plan.pop("actions")
            action_plan, _ = ActionPlan.objects.update_or_create(
                instrument=instrument, defaults=plan
            )
            for position, action in enumerate(actions, start=1):
                action = dict(action)
                action.setdefault("order", position)
                Action.objects.update_or_create(
                    action_plan=action_plan, order=action.pop("order"), defaults=action
                )
    return {
        "partners": len(partners),
        "policy instruments": len(INSTRUMENTS),
        "stakeholder organisations": StakeholderOrganisation.objects.count(),
        "actions": Action.objects.count(),
    }
