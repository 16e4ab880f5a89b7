from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import (
    GlossaryTerm,
    GoodPractice,
    GoodPracticeAttachment,
    GoodPracticeImage,
    Theme,
    TransferInterest,
)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("term", "other_forms")
    required_languages = ("en",)


@register(GoodPractice)
class GoodPracticeTranslation(TranslationOptions):
    fields = (
        "title",
        "summary",
        "description",
        "region",
        "city",
        "main_institution",
        "contact",
        "resources_needed",
        "evidence_of_success",
        "difficulties",
        "potential_for_transfer",
        "ris3_sectors",
    )
    # A partner drafts in its own language; English is asked for when the practice is
    # approved (goodpractices.services.transition), since readers fall back to it.
    required_languages = ()
    # English first; a text not yet in English (a draft, or a field left in the partner's
    # language) shows in the language it is written in, marked as such.
    fallback_languages = {"default": tuple(code for code, _name in settings.LANGUAGES)}


@register(GoodPracticeImage)
class GoodPracticeImageTranslation(TranslationOptions):
    fields = ("alt_text", "caption")
    required_languages = ("en",)


@register(GoodPracticeAttachment)
class GoodPracticeAttachmentTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("en",)


@register(TransferInterest)
class TransferInterestTranslation(TranslationOptions):
    fields = ("notes",)
