"""The good-practice library: practices in the Interreg Europe template, their
validation path, and which region takes up which practice."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.pagecache import content_changed
from core.renditions import RenditionsField
from core.richtext import sanitise
from core.uploads import (
    DOCUMENT_HELP_TEXT,
    IMAGE_HELP_TEXT,
    CheckedDocumentField,
    CheckedImageField,
    UploadTo,
)
from partners.models import nuts_code_validator, region_and_period_errors

from . import search

# The programme's site, where the Policy Learning Platform keeps its database of good
# practices: the only place a practice's entry there may point to.
PROGRAMME_SITE_HOSTS = ("www.interregeurope.eu", "interregeurope.eu")


def validate_programme_url(value):
    """An https address on the programme's site (PROGRAMME_SITE_HOSTS), and nowhere else."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (
        parts is None
        or parts.scheme != "https"
        or parts.hostname not in PROGRAMME_SITE_HOSTS
        or port is not None
        or parts.username is not None
    ):
        raise ValidationError(
            _(
                "Enter the address of the practice's page in the Policy Learning Platform "
                "database, on the programme's site: it begins with https://www.interregeurope.eu/."
            ),
            code="not_programme_site",
        )


RICH_TEXT_HELP = _(
    "Paragraphs, bold, italic, lists and links are kept; any other markup is removed."
)
# Texts that may hold the small safe HTML of core.richtext.
RICH_TEXT_FIELDS = (
    "description",
    "resources_needed",
    "evidence_of_success",
    "difficulties",
    "potential_for_transfer",
)


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class GlossaryTerm(models.Model):
    """A key term of the field in the eight languages, so that a reader's word in one
    language finds practices written in another (goodpractices.glossary). The lead
    partner keeps it in the admin; the demo seeds the terms of its content."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    term = models.CharField(
        _("term"),
        max_length=100,
        help_text=_("The usual word or phrase for the idea in this language."),
    )
    other_forms = models.TextField(
        _("other forms"),
        blank=True,
        help_text=_(
            "Other words a reader may type for the same idea, separated by commas: "
            "synonyms, plurals, inflected forms (cyfrowy, cyfrowa, cyfrowe), the part a "
            "compound word is built from."
        ),
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")

    def __str__(self):
        return self.term

    def forms(self) -> dict[str, list[str]]:
        """Every form of the term, per language code: the term first, then the others."""
        result = {}
        for code in search.languages():
            values = [getattr(self, f"term_{code}", "") or ""]
            values += (getattr(self, f"other_forms_{code}", "") or "").split(",")
            values = [v.strip() for v in values if v.strip()]
            if values:
                result[code] = values
        return result


class GoodPracticeQuerySet(models.QuerySet):
    def published(self):
        """Approved by the project, or validated further: what the public sees."""
        return self.filter(status__in=GoodPractice.PUBLISHED_STATES)

    def ongoing(self, today=None):
        """Started, and not ended (a practice with no known start is not counted)."""
        today = today or timezone.localdate()
        return self.filter(start_date__lte=today).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=today)
        )

    def for_cards(self):
        """What a list shows: the long texts and the search columns stay in the database.
        The first image and its text alternative in the reader's language (else English)
        come in the same query (``card_image``, ``card_image_alt``), not one per card."""
        long_texts = [*RICH_TEXT_FIELDS, "ris3_sectors", "main_institution", "contact"]
        first_image = GoodPracticeImage.objects.filter(practice=models.OuterRef("pk")).order_by(
            "order", "pk"
        )
        lang = get_language() if get_language() in search.languages() else "en"
        alt = Coalesce(
            NullIf(f"alt_text_{lang}", models.Value("")),
            "alt_text_en",
            output_field=models.CharField(),
        )
        return (
            self.select_related("owner")
            .defer(
                "search_text",
                "search_vector",
                *long_texts,
                *(f"{field}_{code}" for field in long_texts for code in search.languages()),
                "owner__description",
                *(f"owner__description_{code}" for code in search.languages()),
            )
            .annotate(
                card_image=models.Subquery(first_image.values("image")[:1]),
                card_image_renditions=models.Subquery(
                    first_image.values("renditions")[:1], output_field=models.JSONField()
                ),
                card_image_alt=models.Subquery(
                    first_image.annotate(alt=alt).values("alt")[:1], output_field=models.CharField()
                ),
            )
        )

    def refresh_search(self):
        """Recompute the stored PostgreSQL search vectors of these rows in one UPDATE."""
        if search.is_postgresql():
            self.update(search_vector=search.search_vector())
            content_changed("goodpractices")


class GoodPractice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved by the project")
        VALIDATED = "validated", _("Validated by the programme")
        IN_DATABASE = "in_database", _("In the Policy Learning Platform database")
        DECLINED = "declined", _("Declined")

    PUBLISHED_STATES = (Status.APPROVED, Status.VALIDATED, Status.IN_DATABASE)

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("The last part of the practice's address; the same in every language."),
    )
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One sentence that says what the practice is.")
    )
    description = models.TextField(
        _("description"),
        help_text=_("What the practice is, how it works and who its main beneficiaries are."),
    )
    owner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("owner partner"),
        on_delete=models.PROTECT,
        related_name="good_practices",
        help_text=_("The partner that identified the practice and answers for it."),
    )
    country = CountryField(_("country"))
    nuts_code = models.CharField(
        _("NUTS code"),
        max_length=5,
        blank=True,
        validators=[nuts_code_validator],
        help_text=_("Eurostat code of the region where the practice takes place."),
    )
    region = models.CharField(_("region"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    main_institution = models.CharField(_("main institution"), max_length=200, blank=True)
    contact = models.CharField(
        _("contact"),
        max_length=300,
        blank=True,
        help_text=_(
            "The organisation and the role to ask about the practice, e.g. “Regional "
            "Council of Päijät-Häme, project manager”. Never a private address, name "
            "or telephone number: the page is public."
        ),
    )
    start_date = models.DateField(
        _("start"), null=True, blank=True, help_text=_("Leave empty if it is not known.")
    )
    end_date = models.DateField(
        _("end"), null=True, blank=True, help_text=_("Leave empty while the practice is ongoing.")
    )
    resources_needed = models.TextField(_("resources needed"), blank=True)
    evidence_of_success = models.TextField(_("evidence of success"), blank=True)
    difficulties = models.TextField(_("difficulties encountered"), blank=True)
    potential_for_transfer = models.TextField(_("potential for learning or transfer"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="good_practices", blank=True
    )
    ris3_sectors = models.CharField(
        _("RIS3 sectors"),
        max_length=300,
        blank=True,
        help_text=_("The smart-specialisation sectors of the region it serves, comma-separated."),
    )
    presented_at = models.ManyToManyField(
        "events.Event",
        verbose_name=_("presented at"),
        related_name="good_practices",
        blank=True,
    )
    programme_url = models.URLField(
        _("entry in the programme's database"),
        blank=True,
        validators=[validate_programme_url],
        help_text=_("The page of the practice on interregeurope.eu, once it is there."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Search: the folded text of every language (SQLite) and the stemmed vector (PostgreSQL).
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    objects = GoodPracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        indexes = [
            # The library's default order, and its filter choices, without a table scan.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(status__in=("approved", "validated", "in_database")),
                name="gp_published_newest",
            ),
            models.Index(fields=["status", "country"], name="gp_status_country"),
            models.Index(fields=["status", "owner"], name="gp_status_owner"),
        ]

    def __str__(self):
        # A draft may be written in its partner's language only: name it by that.
        return self.title or next(
            (
                getattr(self, f"title_{code}")
                for code in search.languages()
                if getattr(self, f"title_{code}", None)
            ),
            "",
        )

    def save(self, *args, **kwargs):
        for field in RICH_TEXT_FIELDS:
            for language in search.languages():
                name = f"{field}_{language}"
                setattr(self, name, sanitise(getattr(self, name)))
        self.search_text = search.search_text(self)
        super().save(*args, **kwargs)
        GoodPractice.objects.filter(pk=self.pk).refresh_search()

    def get_absolute_url(self):
        return reverse("goodpractices:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status in self.PUBLISHED_STATES

    @property
    def written_in(self) -> list[dict]:
        """The languages the practice is written in (those with a title), each with its
        name in the reader's language: a search result says which it is in."""
        return [
            {"code": code, "name": get_language_info(code)["name_translated"]}
            for code in search.languages()
            if getattr(self, f"title_{code}", "")
        ]

    @property
    def is_ongoing(self):
        today = timezone.localdate()
        started = self.start_date is not None and self.start_date <= today
        return started and (self.end_date is None or self.end_date >= today)

    def clean(self):
        errors = region_and_period_errors(
            self,
            start_field="start_date",
            end_field="end_date",
            message=_("The practice cannot end before it starts."),
        )
        if errors:
            raise ValidationError(errors)


class GoodPracticeImage(models.Model):
    practice = models.ForeignKey(
        GoodPractice, on_delete=models.CASCADE, related_name="images", verbose_name=_("practice")
    )
    image = CheckedImageField(
        _("image"), upload_to=UploadTo("goodpractices/images"), help_text=IMAGE_HELP_TEXT
    )
    # After the image: copies at smaller widths for srcset (core.renditions).
    renditions = RenditionsField(source="image")
    alt_text = models.CharField(
        _("text alternative"),
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text


class GoodPracticeAttachment(models.Model):
    practice = models.ForeignKey(
        GoodPractice,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("practice"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = CheckedDocumentField(
        _("file"), upload_to=UploadTo("goodpractices/files"), help_text=DOCUMENT_HELP_TEXT
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title


class StatusChange(models.Model):
    """One step of a practice along the validation path: who, when, why."""

    practice = models.ForeignKey(
        GoodPractice,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("practice"),
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=GoodPractice.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=GoodPractice.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    # The notices to the owner's staff in the site's outbox: deleted with the change.
    emails = GenericRelation("core.OutboxEmail", related_query_name="status_change")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.practice}: {self.from_status} → {self.to_status}"


class TransferInterest(models.Model):
    """A step of a partner region along taking up another region's practice."""

    class Stage(models.IntegerChoices):
        # Ordered: the matrix shows the furthest stage reached.
        INTERESTED = 1, _("Interested")
        STUDYING = 2, _("Studying")
        ADAPTING = 3, _("Adapting")
        TRANSFERRED = 4, _("Transferred")

    practice = models.ForeignKey(
        GoodPractice,
        on_delete=models.CASCADE,
        related_name="transfers",
        verbose_name=_("practice"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="transfer_interests",
        verbose_name=_("learning partner"),
        help_text=_("The region that takes up the practice."),
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        default=timezone.localdate,
        help_text=_("When this stage was reached; leave empty if it is not known."),
    )
    notes = models.TextField(_("notes"), blank=True)
    action = models.ForeignKey(
        "partners.Action",
        verbose_name=_("action-plan action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transfers",
        help_text=_("The action of the learning region's action plan that it became."),
    )

    class Meta:
        ordering = ["stage", "date", "pk"]
        verbose_name = _("transfer step")
        verbose_name_plural = _("transfer tracking")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "partner", "stage"], name="one_step_per_stage"
            )
        ]

    def __str__(self):
        return f"{self.partner} · {self.practice}: {self.get_stage_display()}"

    def clean(self):
        if self.practice_id and self.partner_id and self.practice.owner_id == self.partner_id:
            raise ValidationError(
                {"partner": _("A region does not transfer its own practice; choose another.")}
            )
        if self.action_id and self.partner_id:
            if self.action.action_plan.instrument.partner_id != self.partner_id:
                raise ValidationError(
                    {"action": _("Choose an action of the learning partner's own action plan.")}
                )
