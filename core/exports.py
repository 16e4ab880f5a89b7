"""Helpers for the CSV files that staff and the public download."""


def csv_safe(value) -> str:
    """A cell starting with = + - @ is a formula to a spreadsheet: neutralise it."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
