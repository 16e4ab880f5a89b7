from modeltranslation.translator import TranslationOptions, register

from .models import GoodPractice, GoodPracticeAttachment, GoodPracticeImage, Theme, TransferInterest


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
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
