"""Time-driven work of the good-practice library, run by the ``housekeeping`` command."""

from .notices import retry_status_notices


def run() -> str:
    notices, notices_failed = retry_status_notices()
    return f"good-practice notices sent {notices}, failed {notices_failed}"
