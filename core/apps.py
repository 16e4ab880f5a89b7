from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import (
            audit,  # noqa: F401 - connects its signal receiver
            housekeeping,
            pagecache,
        )

        pagecache.connect_signals()
        housekeeping.register("core", housekeeping.core_jobs)
