"""The CSV files that staff and the public download: one way to write them."""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse


def csv_safe(value) -> str:
    """A cell starting with = + - @ is a formula to a spreadsheet: neutralise it."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _cell(value):
    # A number is never a formula; quoting a negative one would turn it into text.
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return csv_safe(value)


def csv_response(filename: str, header: Iterable[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV attachment in UTF-8 with a byte-order mark (so spreadsheet programs read
    it as UTF-8), every text cell neutralised by ``csv_safe``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([csv_safe(name) for name in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return response
