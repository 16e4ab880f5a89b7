"""Deployment checks of our own (``manage.py check --deploy``)."""

import os

from django.conf import settings
from django.core import checks

# Caches that each process keeps to itself.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.security, deploy=True)
def shared_counters(app_configs, **kwargs):
    """Rate limits and single-use form tokens count in the default cache: with several
    worker processes and a per-process cache, each worker counts for itself."""
    workers = os.environ.get("WEB_CONCURRENCY", "")
    single_process = workers.strip() == "1"
    backend = settings.CACHES["default"]["BACKEND"]
    if single_process or backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            "Rate limits and single-use form tokens are counted per process, but gunicorn "
            f"runs {workers or 'several (2 x cores + 1)'} worker processes: each one counts "
            "for itself, so a limit of 20 lets through up to 20 per worker.",
            hint="Set REDIS_URL to a Redis all app servers share, or WEB_CONCURRENCY=1.",
            id="core.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def trusted_proxies(app_configs, **kwargs):
    if settings.BEHIND_TLS_PROXY and not settings.TRUSTED_PROXIES:
        return [
            checks.Warning(
                "DJANGO_BEHIND_TLS_PROXY is on but DJANGO_TRUSTED_PROXIES is empty: "
                "X-Forwarded-For is never read, and every client has the proxy's address.",
                hint="List the proxy's addresses in DJANGO_TRUSTED_PROXIES.",
                id="core.W002",
            )
        ]
    return []
