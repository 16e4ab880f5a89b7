"""The project, its partners, the policy instruments they improve and their action plans."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.uploads import IMAGE_HELP_TEXT, CheckedImageField, UploadTo

# NUTS codes start with the country code, except Greece (EL) and the United Kingdom (UK).
NUTS_COUNTRY_PREFIX = {"GR": "EL", "GB": "UK"}
nuts_code_validator = RegexValidator(
    regex=r"^[A-Z]{2}[0-9A-Z]{0,3}$",
    message=_(
        "Enter a NUTS code: two capital letters for the country, then up to three "
        "letters or digits (for example FI1C3 or AT12)."
    ),
)


def nuts_country_mismatch(nuts_code: str, country) -> str | None:
    """The error message when a well-formed NUTS code is not of ``country``, else None."""
    if not (nuts_code and country and re.fullmatch(nuts_code_validator.regex, nuts_code)):
        return None
    prefix = NUTS_COUNTRY_PREFIX.get(country.code, country.code)
    if nuts_code.startswith(prefix):
        return None
    return _("A NUTS code in %(country)s starts with %(prefix)s.") % {
        "country": country.name,
        "prefix": prefix,
    }


def validate_date_order(start, end, *, end_field: str, message=None):
    """Raise a ValidationError on ``end_field`` when ``end`` comes before ``start``."""
    if start and end and end < start:
        raise ValidationError(
            {end_field: message or _("The end date cannot be before the start date.")}
        )


def region_and_period_errors(instance, *, start_field: str, end_field: str, message=None):
    """The rule a partner and a good practice share: a period that does not end before it
    starts, and a NUTS code (stored in capitals) of the record's country.

    Returns the problems by field, so that ``clean`` can add its own and show all at once.
    """
    errors = {}
    start, end = getattr(instance, start_field), getattr(instance, end_field)
    try:
        validate_date_order(start, end, end_field=end_field, message=message)
    except ValidationError as error:
        errors.update(error.message_dict)
    if instance.nuts_code:
        instance.nuts_code = instance.nuts_code.upper()
        if mismatch := nuts_country_mismatch(instance.nuts_code, instance.country):
            errors["nuts_code"] = [mismatch]
    return errors


class Project(models.Model):
    """The Next2Met project itself: a single row that the home page presents."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30)
    programme = models.CharField(_("programme"), max_length=200)
    call = models.CharField(_("call"), max_length=100)
    budget_eur = models.DecimalField(
        _("budget (EUR)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    start_date = models.DateField(_("start date"))
    planned_end_date = models.DateField(_("planned end date"))
    actual_end_date = models.DateField(
        _("actual end date"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the project runs or if it ended as planned."),
    )
    summary = models.TextField(_("summary"))
    challenge = models.TextField(_("challenge"), blank=True)
    outlook = models.TextField(
        _("what is next"), blank=True, help_text=_("Shown on the home page under “What is next”.")
    )
    website = models.URLField(_("programme website"), blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("project")

    def __str__(self):
        return self.acronym

    def clean(self):
        validate_date_order(self.start_date, self.planned_end_date, end_field="planned_end_date")
        validate_date_order(self.start_date, self.actual_end_date, end_field="actual_end_date")
        if Project.objects.exclude(pk=self.pk).exists():
            raise ValidationError(_("There is only one project; edit the existing one."))

    @property
    def end_date(self):
        return self.actual_end_date or self.planned_end_date


class ProjectPhase(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="unique_phase_number")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The action on its instrument's page (load ``action_plan__instrument`` with it)."""
        return self.action_plan.instrument.get_absolute_url() + f"#{self.anchor}"

    @property
    def anchor(self):
        return f"action-{self.pk}"

    def clean(self):
        validate_date_order(self.start_date, self.end_date, end_field="end_date")


class LineOfAction(models.Model):
    """One of the ways the project answers its challenge (three in Next2Met)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="lines_of_action")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("line of action")
        verbose_name_plural = _("lines of action")

    def __str__(self):
        return self.text[:60]


class ProjectLink(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=120)
    url = models.URLField(_("address"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self):
        return self.label


class PartnerQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(models.Q(role_end__isnull=True) | models.Q(role_end__gte=on))

    def former(self, on=None):
        on = on or timezone.localdate()
        return self.filter(role_end__lt=on)

    def for_cards(self):
        """What a list of partners shows: the descriptions (eight languages of long
        text) stay in the database."""
        codes = [code for code, _name in settings.LANGUAGES]
        return self.defer("description", *(f"description_{code}" for code in codes))


class Partner(models.Model):
    """An organisation in the project, in one role for a stretch of time."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead partner")
        PARTNER = "partner", _("Partner")
        ADVISORY = "advisory", _("Advisory partner")
        SERVICE = "service", _("External service provider")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("An acronym such as DIBA or EMRA.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_(
            "The last part of the partner's address on the portal; the same in every language."
        ),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=200, blank=True)
    nuts_code = models.CharField(
        _("NUTS code"),
        max_length=5,
        blank=True,
        validators=[nuts_code_validator],
        help_text=_("Eurostat code of the region, e.g. FI1C3 for Päijät-Häme."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_(
            "Where the partner's marker goes on the map of the partnership, in decimal "
            "degrees north (the organisation's seat, e.g. 60.9827 for Lahti)."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_(
            "In decimal degrees east; west is negative (e.g. 25.6615 for Lahti, -6.2603 "
            "for Dublin). A partner without both is listed but not on the map."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    logo = CheckedImageField(
        _("logo"), upload_to=UploadTo("partners/logos"), blank=True, help_text=IMAGE_HELP_TEXT
    )
    logo_alt = models.CharField(
        _("logo text alternative"),
        max_length=200,
        blank=True,
        help_text=_("What the logo says, for people who cannot see it."),
    )
    description = models.TextField(_("description"), blank=True)
    role_start = models.DateField(_("in this role from"))
    role_end = models.DateField(
        _("in this role until"), null=True, blank=True, help_text=_("Leave empty while it lasts.")
    )
    role_dates_confirmed = models.BooleanField(
        _("role dates confirmed"),
        default=True,
        help_text=_(
            "Untick when the dates of the role are estimated; the public page then says so."
        ),
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        help_text=_("The organisation that held this place in the partnership before."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Position in the partner list; smaller comes first.")
    )

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    def clean(self):
        # Collect every problem, so the editor sees all of them at once.
        errors = region_and_period_errors(self, start_field="role_start", end_field="role_end")
        if self.replaces_id and self.replaces_id == self.pk:
            errors["replaces"] = [_("A partner cannot replace itself.")]
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            errors[missing] = [_("Give both the latitude and the longitude, or neither.")]
        if errors:
            raise ValidationError(errors)

    @property
    def is_former(self):
        return self.role_end is not None and self.role_end < timezone.localdate()

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None


class ContactPerson(models.Model):
    """Someone a visitor may write to or call about the project, as a published source
    names them (the project manager, a partner's contact). The contact page shows the
    address and number only on request, so that harvesters do not collect them."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=200, help_text=_("For example “Project manager” or “Contact”.")
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(
        _("telephone"),
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+[0-9][0-9 ]{5,28}$",
                _("Enter the number in international form, e.g. +358 44 077 3630."),
            )
        ],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["partner__order", "order", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return self.name

    @property
    def phone_uri(self) -> str:
        return "tel:" + self.phone.replace(" ", "")

    @property
    def has_details(self) -> bool:
        return bool(self.email or self.phone)


class PolicyInstrument(models.Model):
    """The regional policy that a partner sets out to improve through the project."""

    class Kind(models.TextChoices):
        ERDF_OP = "erdf_op", _("ERDF operational programme")
        REGIONAL = "regional", _("Local or regional instrument")

    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="policy_instruments",
        help_text=_("The partner that addresses this instrument."),
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    managing_authority = models.CharField(_("managing authority"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("official page"), blank=True)
    details_confirmed = models.BooleanField(
        _("details confirmed"),
        default=True,
        help_text=_(
            "Untick when the title or kind was inferred and still needs checking against "
            "the application form. Shown to editors only."
        ),
    )
    source_note = models.TextField(
        _("source note"), blank=True, help_text=_("Where the facts come from. Editors only.")
    )

    class Meta:
        ordering = ["partner__order", "slug"]
        verbose_name = _("policy instrument")
        verbose_name_plural = _("policy instruments")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:instrument", kwargs={"slug": self.slug})


class StakeholderOrganisation(models.Model):
    """A member of the regional stakeholder group of one policy instrument."""

    class Sector(models.TextChoices):
        # The quadruple helix, as Interreg stakeholder groups are described.
        PUBLIC = "public", _("Public authority")
        BUSINESS = "business", _("Business")
        RESEARCH = "research", _("Research and education")
        CIVIL = "civil", _("Civil society")

    instrument = models.ForeignKey(
        PolicyInstrument,
        verbose_name=_("policy instrument"),
        on_delete=models.CASCADE,
        related_name="stakeholders",
    )
    name = models.CharField(_("organisation"), max_length=300)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    website = models.URLField(_("website"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("stakeholder organisation")
        verbose_name_plural = _("stakeholder group")

    def __str__(self):
        return self.name


class ActionPlan(models.Model):
    """How the lessons learnt improve one policy instrument (Interreg Europe, Phase 1)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        IMPLEMENTED = "implemented", _("Implemented")

    instrument = models.OneToOneField(
        PolicyInstrument,
        verbose_name=_("policy instrument"),
        on_delete=models.CASCADE,
        related_name="action_plan",
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    document_url = models.URLField(_("document"), blank=True)
    submitted_on = models.DateField(
        _("submitted on"),
        null=True,
        blank=True,
        help_text=_("When the plan was submitted to the programme; the reports count it then."),
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self):
        return self.title


class Action(models.Model):
    """One action of an action plan, monitored during Phase 2."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        DELAYED = "delayed", _("Delayed")
        DROPPED = "dropped", _("Dropped")

    action_plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="actions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    players = models.TextField(_("players involved"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    cost_eur = models.DecimalField(
        _("estimated cost (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding = models.TextField(_("funding sources"), blank=True)
    status = models.CharField(
        _("implementation status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The action on its instrument's page (load ``action_plan__instrument`` with it)."""
        return self.action_plan.instrument.get_absolute_url() + f"#{self.anchor}"

    @property
    def anchor(self):
        return f"action-{self.pk}"

    def clean(self):
        validate_date_order(self.start_date, self.end_date, end_field="end_date")


class PartnerStaff(models.Model):
    """Links a staff user to the one partner organisation whose content they edit.

    Staff of the lead partner edit everything; staff of any other partner edit only
    their own organisation's records (see ``core.admin_scoping``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="partner_staff",
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="staff"
    )

    class Meta:
        verbose_name = _("partner staff member")
        verbose_name_plural = _("partner staff")

    def __str__(self):
        return f"{self.user} ({self.partner})"
