from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    # Translators: the admin's heading of what serves the whole site (its email outbox).
    verbose_name = _("Site-wide")

    def ready(self):
        from . import (
            audit,  # noqa: F401 - connects its signal receiver
            checks,  # noqa: F401 - registers the deployment checks
            housekeeping,
            logredact,
            pagecache,
        )

        logredact.install()
        pagecache.connect_signals()
        housekeeping.register("core", housekeeping.core_jobs)
