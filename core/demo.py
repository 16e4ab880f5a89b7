"""Load demo content from a data file: the generic, idempotent upsert behind each app's
``demo_content.py``. It knows no app: models come from ``apps.get_model`` and the rest
from the data.

A file (``demo/<app>.yaml``) is a list of blocks::

    - model: partners.Partner        # app label and model name
      key: [slug]                    # the fields that find a record again (default: slug)
      records:
        - source: reference/domain.md §1.2    # where the facts come from; not stored
          slug: paijat-hame
          name: {en: Regional Council of Päijät-Häme, fi: Päijät-Hämeen liitto}
          replaces: null             # a foreign key: the target's slug …
          owner: {acronym: Next2Met} # … or the fields that find it
          themes: [agriculture]      # many-to-many: slugs

A translated field takes one text per language (``name_en``, ``name_fi`` …). A date-time
is ``"2020-01-14 09:00 Europe/Helsinki"``, or relative to the day of loading:
``{days_from_now: 30, time: "08:00"}`` (UTC). Each record is validated with
``full_clean()`` before it is saved, so a wrong fact stops the load with the model's own
message. Loading twice changes nothing.
"""

import datetime
import zoneinfo
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

DEMO_DIR = Path(settings.BASE_DIR) / "demo"
NOT_STORED = {"source"}


def parse_datetime(value) -> datetime.datetime:
    """``"2020-01-14 09:00 Europe/Helsinki"`` or ``{days_from_now: 30, time: "08:00"}``."""
    if isinstance(value, dict):
        hour, minute = (int(part) for part in value["time"].split(":"))
        day = timezone.now() + datetime.timedelta(days=value["days_from_now"])
        return day.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if isinstance(value, datetime.datetime):
        return value
    stamp, zone = value.rsplit(" ", 1)
    naive = datetime.datetime.fromisoformat(stamp)
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(zone))


def _related(model, value):
    """The record a foreign key or many-to-many entry names: a slug, or lookup fields."""
    if value is None:
        return None
    lookup = value if isinstance(value, dict) else {"slug": value}
    return model._default_manager.get(**lookup)


def resolve(model, record: dict) -> tuple[dict, dict]:
    """Field values for ``model`` from a data record; many-to-many values apart."""
    fields, many = {}, {}
    for name, value in record.items():
        if name in NOT_STORED:
            continue
        field = model._meta.get_field(name)
        if field.many_to_many:
            many[name] = [_related(field.related_model, item) for item in value]
        elif field.is_relation:
            fields[name] = _related(field.related_model, value)
        elif isinstance(value, dict) and isinstance(field, models.DateTimeField):
            fields[name] = parse_datetime(value)
        elif isinstance(value, dict):  # a translated field: one text per language
            for code, text in value.items():
                fields[f"{name}_{code}"] = text
        elif isinstance(field, models.DateTimeField) and value is not None:
            fields[name] = parse_datetime(value)
        else:
            fields[name] = value
    return fields, many


def upsert(model, key: list[str], record: dict) -> bool:
    """Create or update one record; return whether it was new."""
    fields, many = resolve(model, record)
    lookup = {name: fields[name] for name in key}
    obj = model._default_manager.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**fields)
    else:
        for name, value in fields.items():
            setattr(obj, name, value)
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ValidationError(f"{model._meta.label} {lookup}: {error}") from error
    obj.save()
    for name, related in many.items():
        getattr(obj, name).set(related)
    return created


@transaction.atomic
def load_file(name: str) -> dict[str, int]:
    """Load ``demo/<name>.yaml``; return how many records each model has in the file."""
    blocks = yaml.safe_load((DEMO_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    counts = {}
    for block in blocks:
        model = apps.get_model(block["model"])
        key = block.get("key", ["slug"])
        for record in block["records"]:
            upsert(model, key, record)
        label = model._meta.label_lower
        counts[label] = counts.get(label, 0) + len(block["records"])
    return counts
