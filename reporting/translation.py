from modeltranslation.translator import TranslationOptions, register

from .models import PolicyChange


@register(PolicyChange)
class PolicyChangeTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)
