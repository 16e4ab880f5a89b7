from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from auditlog.registry import auditlog

        from core import housekeeping

        from . import housekeeping as jobs
        from . import privacy
        from .models import Registration

        housekeeping.register("events", jobs.run)

        # The trail records changes to a registration, never who registered.
        auditlog.register(Registration, exclude_fields=privacy.personal_fields())
