from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from django.db.models.signals import pre_save

        from .models import NewsPost, sanitise_rich_texts

        pre_save.connect(sanitise_rich_texts, sender=NewsPost, dispatch_uid="news_sanitise")
