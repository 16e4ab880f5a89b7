from modeltranslation.translator import TranslationOptions, register

from .models import Event, EventMessage, Material, Photo, PhotoAlbum, Session


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


# The album is a Material seen through a proxy: its title is the material's.
@register(PhotoAlbum)
class PhotoAlbumTranslation(TranslationOptions):
    fields = ()


@register(EventMessage)
class EventMessageTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("en",)


@register(Photo)
class PhotoTranslation(TranslationOptions):
    fields = ("alt_text", "caption")
    required_languages = ("en",)
