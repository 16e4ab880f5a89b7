from modeltranslation.translator import TranslationOptions, register

from .models import Event, EventMessage, Material, Session


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "venue", "city")
    required_languages = ("en",)


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "room", "speakers", "description")
    required_languages = ("en",)


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("en",)


@register(EventMessage)
class EventMessageTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("en",)
