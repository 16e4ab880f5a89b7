from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from auditlog.registry import auditlog

        from core import housekeeping, outbox, pagecache

        from . import housekeeping as jobs
        from . import privacy, services
        from .emails import Kind, build_message
        from .models import Registration

        housekeeping.register("events", jobs.run)
        outbox.register(Kind.choices, build_message)
        # Pages showing events end when the clock changes them (core/pagecache.py).
        pagecache.register_deadline("events", services.next_clock_change)

        # The trail records changes to a registration, never who registered.
        auditlog.register(Registration, exclude_fields=privacy.personal_fields())
