"""Good-practice search over 10,000 practices written in eight languages, on PostgreSQL.

Loads the practices (every text in en, fi, de, pl, es, ca, it, fr), computes the stored
search vectors, then times searches in every language two ways:

- the query the library page runs (count + first page of 20, ranked), through the ORM;
- the whole page, through Django's request handling and templates (in-process client),
  rendered on every request (page cache off).

Prints p50 and p95 per way, the number of matches, and the plan PostgreSQL chose.

    .venv/bin/python bench/search.py [--practices 10000] [--rounds 5]

It uses its own database (next2met_bench_search), which it creates and migrates.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "next2met_bench_search"
SEARCH_INDEX = "gp_search_vector_gin"  # goodpractices/migrations/0002_postgresql_search.py

# Words of the domain per language. Each language's vocabulary is these words among
# 3,000 generated ones (from the language's letters), drawn with Zipf's law at shuffled
# ranks, as in real text: a few words are everywhere, most are rare.
VOCABULARY_SIZE = 3000
LETTERS = {
    "en": ("bcdfghlmnprstvw", "aeiou"),
    "fi": ("hjklmnprstv", "aeiouyäö"),
    "de": ("bdfghklmnrstwzß", "aeiouäöü"),
    "pl": ("bcdgkłmnprswzśż", "aeiouyąę"),
    "es": ("bcdfglmnprstvñ", "aeiouáéó"),
    "ca": ("bcdfglmnprstvç", "aeiouàèò"),
    "it": ("bcdfglmnprstvz", "aeiouàè"),
    "fr": ("bcdfglmnprstvç", "aeiouéèê"),
}
WORDS = {
    "en": "digital services region municipality citizens platform broadband mobility health "
    "care remote culture museum heritage skills business support participation survey "
    "consultation innovation cluster data sensors network tourism rural village youth "
    "elderly school library transport energy",
    "fi": "digitaaliset palvelut alue kunta asukkaat alusta laajakaista liikkuminen terveys "
    "hoito etähoito kulttuuri museo perintö osaaminen yritys tuki osallistuminen kysely "
    "kuuleminen innovaatio klusteri tiedot anturit verkosto matkailu maaseutu kylä nuoret "
    "ikääntyneet koulu kirjasto liikenne energia",
    "de": "digitale Dienste Region Gemeinde Bürger Plattform Breitband Mobilität Gesundheit "
    "Pflege Fernbetreuung Kultur Museum Erbe Kompetenzen Unternehmen Förderung Beteiligung "
    "Umfrage Konsultation Innovation Cluster Daten Sensoren Netzwerk Tourismus ländlich Dorf "
    "Jugend Senioren Schule Bibliothek Verkehr Energie",
    "pl": "cyfrowe usługi region gmina mieszkańcy platforma szerokopasmowy mobilność zdrowie "
    "opieka zdalna kultura muzeum dziedzictwo umiejętności przedsiębiorstwa wsparcie udział "
    "ankieta konsultacje innowacje klaster dane czujniki sieć turystyka wiejski wieś "
    "młodzież seniorzy szkoła biblioteka transport energia",
    "es": "servicios digitales región municipio ciudadanos plataforma banda ancha movilidad "
    "salud atención distancia cultura museo patrimonio competencias empresas apoyo "
    "participación encuesta consulta innovación clúster datos sensores red turismo rural "
    "pueblo jóvenes mayores escuela biblioteca transporte energía",
    "ca": "serveis digitals regió municipi ciutadans plataforma banda ampla mobilitat salut "
    "atenció distància cultura museu patrimoni competències empreses suport participació "
    "enquesta consulta innovació clúster dades sensors xarxa turisme rural poble joves "
    "gent gran escola biblioteca transport energia",
    "it": "servizi digitali regione comune cittadini piattaforma banda larga mobilità salute "
    "assistenza distanza cultura museo patrimonio competenze imprese sostegno partecipazione "
    "indagine consultazione innovazione cluster dati sensori rete turismo rurale borgo "
    "giovani anziani scuola biblioteca trasporti energia",
    "fr": "services numériques région commune citoyens plateforme haut débit mobilité santé "
    "soins distance culture musée patrimoine compétences entreprises soutien participation "
    "enquête consultation innovation cluster données capteurs réseau tourisme rural village "
    "jeunes seniors école bibliothèque transports énergie",
}
# What readers type: one or two words, in their language, some without accents.
QUERIES = [
    "museum",
    "digital services",
    "kirjasto",
    "etähoito",
    "etahoito",
    "Bürger",
    "Gemeinde Energie",
    "konsultacje",
    "mieszkańcy",
    "participación",
    "participacion",
    "plataforma",
    "biblioteca escola",
    "piattaforma",
    "cittadini",
    "données",
    "plateforme numériques",
    "broadband village",
    "Förderung",
    "innovación",
]


def database_url():
    return f"{PG}/{DB_NAME}"


def setup_django():
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "next2met.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url(),
        }
    )
    import django

    django.setup()


def prepare_database():
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def vocabulary(rng, code, domain_words):
    consonants, vowels = LETTERS[code]
    words = set(domain_words)
    while len(words) < VOCABULARY_SIZE:
        syllables = rng.randint(2, 4)
        words.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables)))
    words = sorted(words)
    rng.shuffle(words)
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    return words, weights


def sentence(rng, vocab, n):
    words, weights = vocab
    return " ".join(rng.choices(words, weights, k=n)).capitalize()


def practices(count, partners, themes, rng=None, slug_prefix="practice"):
    """Unsaved practices with every text in eight languages, owned by ``partners`` in turn.

    Returns (practices, theme of each practice by index). Shared with bench/pages.py.
    """
    import datetime

    from django.utils import timezone

    from core.richtext import sanitise
    from goodpractices.models import GoodPractice

    rng = rng or random.Random(2026)
    vocab = {code: vocabulary(rng, code, text.split()) for code, text in WORDS.items()}
    now = timezone.now()
    batch, practice_themes = [], []
    for n in range(count):
        owner = partners[n % len(partners)]
        fields = {}
        for code, words in vocab.items():
            fields[f"title_{code}"] = sentence(rng, words, 5)
            fields[f"summary_{code}"] = sentence(rng, words, 14)
            fields[f"description_{code}"] = sanitise(
                "<p>" + ". ".join(sentence(rng, words, 12) for _ in range(5)) + ".</p>"
            )
            fields[f"evidence_of_success_{code}"] = sentence(rng, words, 20)
        batch.append(
            GoodPractice(
                slug=f"{slug_prefix}-{n}",
                owner=owner,
                country=owner.country,
                start_date=datetime.date(2015 + n % 8, 1 + n % 12, 1),
                status=rng.choice(GoodPractice.PUBLISHED_STATES),
                published_at=now - datetime.timedelta(minutes=n),
                **fields,
            )
        )
        practice_themes.append(rng.choice(themes))
    return batch, practice_themes


def save_practices(batch, practice_themes):
    """bulk_create the practices and their themes, then compute the search vectors."""
    from django.db import connection

    from goodpractices.models import GoodPractice

    GoodPractice.objects.bulk_create(batch, batch_size=500)
    through = GoodPractice.themes.through
    through.objects.bulk_create(
        (
            through(goodpractice_id=practice.pk, theme_id=theme.pk)
            for practice, theme in zip(batch, practice_themes, strict=True)
        ),
        batch_size=2000,
    )
    # Building the GIN index once is much faster than updating it row by row.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
        GoodPractice.objects.filter(pk__in=[p.pk for p in batch]).refresh_search()
        cursor.execute("SET maintenance_work_mem = '256MB'")
        # Inside a transaction, the foreign keys' deferred checks must run first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"CREATE INDEX {SEARCH_INDEX} ON goodpractices_goodpractice USING gin (search_vector)"
        )


def load(count):
    import datetime

    from django.db import connection

    from goodpractices.models import Theme
    from partners.models import Partner

    rng = random.Random(2026)
    countries = ["FI", "AT", "ES", "IE", "PL", "DE"]
    partners = [
        Partner.objects.create(
            name_en=f"Partner {n}",
            slug=f"partner-{n}",
            country=countries[n % 6],
            role_start=datetime.date(2019, 8, 1),
        )
        for n in range(30)
    ]
    themes = [Theme.objects.create(name_en=f"Theme {n}", slug=f"theme-{n}") for n in range(10)]
    batch, practice_themes = practices(count, partners, themes, rng)
    began = time.monotonic()
    save_practices(batch, practice_themes)
    with connection.cursor() as cursor:
        # What autovacuum does in production after a bulk load: statistics for the
        # planner, and the GIN index's pending list merged.
        cursor.execute("VACUUM ANALYZE")
    print(
        f"loaded {count} practices in 8 languages with their search vectors, "
        f"vacuumed, in {time.monotonic() - began:.1f} s"
    )


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def report(name, timings, unit="ms"):
    print(
        f"{name:<34} n={len(timings):>4}  p50 {percentile(timings, 50):7.1f} {unit}  "
        f"p95 {percentile(timings, 95):7.1f} {unit}  max {max(timings):7.1f} {unit}"
    )


def run(rounds):
    from django.db import connection
    from django.test import Client, override_settings

    from goodpractices import search
    from goodpractices.models import GoodPractice

    published = GoodPractice.objects.published().select_related("owner")
    orm, page, matches = [], [], {}
    client = Client()
    # The page rendered on every request, as for a search nobody asked before: with the
    # page cache on, every round after the first measured a cached page.
    uncached = override_settings(PAGE_CACHE_SECONDS=0)
    uncached.enable()
    for query in QUERIES:  # warm-up: plans and caches
        list(search.search(published, query)[:20])
        client.get("/fi/good-practices/", {"q": query})
    for _ in range(rounds):
        for query in QUERIES:
            began = time.perf_counter()
            results = search.search(published, query)
            total = results.count()
            first_page = list(results[:20])
            orm.append((time.perf_counter() - began) * 1000)
            matches[query] = (total, len(first_page))
            began = time.perf_counter()
            response = client.get("/fi/good-practices/", {"q": query})
            page.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.status_code
    uncached.disable()
    print()
    print(
        f"{len(QUERIES)} queries x {rounds} rounds, one client, PostgreSQL {connection.pg_version}"
    )
    report("search query (count + first 20)", orm)
    report("library page with the search", page)
    print()
    print("matches per query:", ", ".join(f"{q!r}: {n}" for q, (n, _) in matches.items()))
    sql, params = search.search(published, "kirjasto")[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    print("\nplan for 'kirjasto':")
    print("\n".join("  " + line for line in plan))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    prepare_database()
    load(args.practices)
    run(args.rounds)


if __name__ == "__main__":
    main()
