"""The demo loader stores exactly the facts of ``tests/data/demo_snapshot.json``.

The snapshot was taken from the Python demo content before it became data in ``demo/``;
it holds every stored field of every record (all languages), keyed by natural key, with
generated values (ids, timestamps, tokens, search vectors) left out. To change a fact on
purpose, edit ``demo/*.yaml`` and write a new snapshot with
``DEMO_SNAPSHOT_WRITE=1 .venv/bin/pytest tests/test_demo_snapshot.py``, then read the diff.
"""

import datetime
import json
import os
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from core import demo
from partners.models import Partner

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).parent / "data" / "demo_snapshot.json"
NATURAL_KEYS = {
    "partners.project": ["acronym"],
    "partners.lineofaction": ["project", "order"],
    "partners.projectphase": ["project", "number"],
    "partners.projectlink": ["project", "order"],
    "partners.partner": ["slug"],
    "partners.contactperson": ["partner", "name"],
    "partners.policyinstrument": ["slug"],
    "partners.stakeholderorganisation": ["instrument", "order"],
    "partners.actionplan": ["instrument"],
    "partners.action": ["action_plan", "order"],
    "events.event": ["slug"],
    "events.session": ["event", "start", "title_en"],
    "events.material": ["event", "order"],
    "goodpractices.theme": ["slug"],
    "goodpractices.goodpractice": ["slug"],
    "goodpractices.transferinterest": ["practice", "partner", "stage"],
    "news.newspost": ["slug"],
    "reporting.reportingperiod": ["number"],
    "reporting.policychange": ["instrument", "title_en"],
    "reporting.statedattendance": ["event"],
}
GENERATED = ("search", "token", "renditions")  # renditions: copies of uploaded images


def _normal(value, now):
    if isinstance(value, datetime.datetime):
        value = value.astimezone(datetime.UTC)
        if value > now + datetime.timedelta(days=1):  # relative to the day of the load
            return f"today+{(value.date() - now.date()).days}d {value:%H:%M}Z"
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if hasattr(value, "name") and hasattr(value, "storage"):
        return value.name or ""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _natural_key(obj, now):
    parts = []
    for name in NATURAL_KEYS[obj._meta.label_lower]:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        parts.append(
            _natural_key(value, now) if field.is_relation and value else _normal(value, now)
        )
    return " / ".join(str(part) for part in parts)


def _stored(field):
    return not (
        field.primary_key
        or getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
        or any(word in field.name for word in GENERATED)
    )


def dump() -> dict:
    """Every stored fact of the demo models: count and fields per natural key."""
    now = timezone.now()
    out = {}
    with translation.override("en"):
        for label in NATURAL_KEYS:
            model = apps.get_model(label)
            records = {}
            for obj in model.objects.all():
                row = {}
                for field in filter(_stored, obj._meta.concrete_fields):
                    if field.is_relation:
                        target = getattr(obj, field.name)
                        row[field.name] = _natural_key(target, now) if target else None
                    else:
                        row[field.name] = _normal(getattr(obj, field.attname), now)
                for field in obj._meta.many_to_many:
                    related = getattr(obj, field.name).all()
                    row[field.name] = sorted(_natural_key(o, now) for o in related)
                records[_natural_key(obj, now)] = row
            out[label] = {"count": model.objects.count(), "records": dict(sorted(records.items()))}
    return out


def _load():
    call_command("load_demo_content", stdout=StringIO())


def test_the_demo_loads_the_same_facts_as_the_snapshot():
    _load()
    facts = dump()
    if os.environ.get("DEMO_SNAPSHOT_WRITE"):
        SNAPSHOT.write_text(
            json.dumps(facts, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8"
        )
    expected = json.loads(SNAPSHOT.read_text("utf-8"))
    assert {label: m["count"] for label, m in facts.items()} == {
        label: m["count"] for label, m in expected.items()
    }
    for label, model in expected.items():
        assert facts[label]["records"].keys() == model["records"].keys(), label
        for key, fields in model["records"].items():
            assert facts[label]["records"][key] == fields, f"{label} {key}"


def test_loading_twice_changes_nothing():
    _load()
    first = dump()
    _load()
    assert dump() == first


def test_loading_again_restores_a_corrected_fact_and_keeps_the_record():
    _load()
    partner = Partner.objects.get(slug="podlaskie")
    partner.name_pl = "wrong"
    partner.save()
    _load()
    assert Partner.objects.get(pk=partner.pk).name_pl == "Województwo Podlaskie"


def test_a_wrong_fact_stops_the_load_with_the_models_message(tmp_path, monkeypatch):
    _load()
    blocks = [
        {
            "model": "partners.Partner",
            "records": [{"slug": "podlaskie", "country": "XX", "source": "a typo"}],
        }
    ]
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump(blocks), "utf-8")
    monkeypatch.setattr(demo, "DEMO_DIR", tmp_path)
    with pytest.raises(ValidationError, match="podlaskie"):
        demo.load_file("broken")
    assert Partner.objects.get(slug="podlaskie").country == "PL"


def test_every_demo_record_names_its_source():
    for path in sorted(demo.DEMO_DIR.glob("*.yaml")):
        for block in yaml.safe_load(path.read_text("utf-8")):
            if block["model"] in {"events.Session", "events.Material"}:
                continue  # parts of an event, which names the source
            for record in block["records"]:
                assert record.get("source"), f"{path.name} {block['model']} {record}"
