from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import NewsPost


@register(NewsPost)
class NewsPostTranslation(TranslationOptions):
    fields = ("title", "lead", "body", "image_alt")
    # A partner may write its news in its own language only, with an English title and
    # lead for the lists; the body then shows in the language it was written in, marked.
    required_languages = {"en": ("title", "lead"), "default": ()}
    fallback_languages = {"default": tuple(code for code, _name in settings.LANGUAGES)}
