"""What a reader sees in their language. Slugs, codes, dates and numbers stay single."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Action,
    ActionPlan,
    ContactPerson,
    LineOfAction,
    Partner,
    PolicyInstrument,
    Project,
    ProjectLink,
    ProjectPhase,
    StakeholderOrganisation,
)


class EnglishRequired(TranslationOptions):
    required_languages = ("en",)


@register(Project)
class ProjectTranslation(EnglishRequired):
    fields = ("name", "programme", "call", "summary", "challenge", "outlook")


@register(ProjectPhase)
class ProjectPhaseTranslation(EnglishRequired):
    fields = ("title", "description")


@register(LineOfAction)
class LineOfActionTranslation(EnglishRequired):
    fields = ("text",)


@register(ProjectLink)
class ProjectLinkTranslation(EnglishRequired):
    fields = ("label",)


@register(Partner)
class PartnerTranslation(EnglishRequired):
    fields = ("name", "region", "description", "logo_alt")


@register(ContactPerson)
class ContactPersonTranslation(EnglishRequired):
    fields = ("role",)


@register(PolicyInstrument)
class PolicyInstrumentTranslation(EnglishRequired):
    fields = ("title", "managing_authority", "description")


@register(StakeholderOrganisation)
class StakeholderOrganisationTranslation(EnglishRequired):
    fields = ("name",)


@register(ActionPlan)
class ActionPlanTranslation(EnglishRequired):
    fields = ("title", "summary")


@register(Action)
class ActionTranslation(EnglishRequired):
    fields = ("title", "description", "players", "funding")
