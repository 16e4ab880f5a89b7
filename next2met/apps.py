from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "next2met"
    verbose_name = "Next2Met"

    def ready(self):
        from . import pagecache

        pagecache.connect_signals()
