"""The old name of ``housekeeping``, kept for deployed timers (deploy/systemd)."""

from .housekeeping import Command  # noqa: F401
