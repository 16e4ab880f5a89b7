from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoodPracticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "goodpractices"
    verbose_name = _("Good practices")

    def ready(self):
        from core import housekeeping

        from . import housekeeping as jobs

        housekeeping.register("goodpractices", jobs.run)
