"""No log line carries a signed token or an email address.

Registration links carry a signed token in their path (password-reset and invitation
links a reset token), and Django logs the path of
every 4xx and 5xx answer ("Not Found: /en/registration/<token>/"); gunicorn's error log
and any library may write an address. Redacting in one handler would miss the others,
so the redaction happens where every record is made: a log record factory replaces
them in the message and in the formatted traceback, before any handler or formatter
sees the record. ``install()`` runs in every process that logs: Django's (CoreConfig)
and gunicorn's master (gunicorn.conf.py).

Names cannot be told from other words: the code never logs them (a registration is
logged by its number, see core/audit.py).
"""

import logging
import re
import traceback

# django.core.signing's "payload:timestamp:signature", also percent-encoded.
SIGNED = re.compile(r"[\w-]{6,}(?::|%3[Aa])[\w-]{4,}(?::|%3[Aa])[\w-]{20,}")
# Django's password-reset token (and the invitations' alike): "<base36 time>-<32 hex>".
RESET = re.compile(r"\b[0-9a-z]{4,13}-[0-9a-f]{32}\b")
EMAIL = re.compile(r"[\w.%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def redact(text: str) -> str:
    return EMAIL.sub("[email]", RESET.sub("[token]", SIGNED.sub("[token]", text)))


_installed = False


def install() -> None:
    """Wrap the current log record factory (once per process)."""
    global _installed
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def redacting_factory(*args, **kwargs):
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string is logging's to report
            return record
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[1] is not None:
            # Formatted once here; formatters use exc_text when it is set.
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_text = redact(text)
        return record

    logging.setLogRecordFactory(redacting_factory)
    _installed = True
