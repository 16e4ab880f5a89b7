from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoodPracticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "goodpractices"
    verbose_name = _("Good practices")

    def ready(self):
        from core import outbox

        from .emails import KINDS, build_status_notice

        outbox.register(KINDS, build_status_notice)
