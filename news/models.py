"""News of the project and of the partners: a partner writes its own posts, the lead
partner publishes them (``news.services``)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.renditions import RenditionsField
from core.richtext import sanitise
from core.uploads import IMAGE_HELP_TEXT, CheckedImageField, UploadTo

RICH_TEXT_HELP = _(
    "Paragraphs, headings, bold, italic, lists and links are kept; any other markup is "
    "removed. The body may be written in one language only: readers of the others see it "
    "in that language, marked as such."
)
# Texts that may hold the small safe HTML of core.richtext; the body sits right under the
# page's title, so its sections start at <h2>.
RICH_TEXT_FIELDS = ("body",)
TOP_HEADING = 2


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class NewsPostQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: posts the lead partner has published."""
        return self.filter(status=NewsPost.Status.PUBLISHED)

    def newest_first(self):
        return self.order_by("-date", "-pk")

    def for_cards(self):
        """What a list shows: the bodies stay in the database."""
        return self.select_related("partner").defer(
            "body",
            *(f"body_{code}" for code in languages()),
            "partner__description",
            *(f"partner__description_{code}" for code in languages()),
        )


class NewsPost(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for publication")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("The last part of the post's address; the same in every language."),
    )
    lead = models.CharField(
        _("lead"),
        max_length=400,
        help_text=_("One or two sentences that say what the post is about; shown in lists."),
    )
    body = models.TextField(_("body"))
    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("The date readers see; posts are listed newest first."),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="news_posts",
        help_text=_("The partner that writes the post and answers for it."),
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("related event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_posts",
    )
    practices = models.ManyToManyField(
        "goodpractices.GoodPractice",
        verbose_name=_("related good practices"),
        related_name="news_posts",
        blank=True,
    )
    image = CheckedImageField(
        _("image"),
        upload_to=UploadTo("news/images"),
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text=IMAGE_HELP_TEXT,
    )
    # After the image: its stored (re-encoded) size is read when it is saved.
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # After the image: copies at smaller widths for srcset (core.renditions).
    renditions = RenditionsField(source="image")
    image_alt = models.CharField(
        _("text alternative of the image"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        indexes = [
            models.Index(
                fields=["-date", "-id"],
                condition=models.Q(status="published"),
                name="news_published_newest",
            ),
            models.Index(fields=["status", "partner"], name="news_status_partner"),
        ]

    def __str__(self):
        # A draft may be titled in its partner's language only: name it by that.
        return self.title or next(
            (
                getattr(self, f"title_{code}")
                for code in languages()
                if getattr(self, f"title_{code}", None)
            ),
            "",
        )

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def clean(self):
        errors = {}
        if not any(getattr(self, f"body_{code}", None) for code in languages()):
            errors["body_en"] = _("Write the body in at least one language.")
        if self.image and not self.image_alt_en:
            errors["image_alt_en"] = _(
                "Describe the image in English at least, for people who cannot see it."
            )
        if errors:
            raise ValidationError(errors)


def sanitise_rich_texts(sender, instance, **kwargs):
    """Before any save (admin, demo loader, shell): only the small safe HTML is stored."""
    for field in RICH_TEXT_FIELDS:
        for code in languages():
            name = f"{field}_{code}"
            setattr(instance, name, sanitise(getattr(instance, name), top_heading=TOP_HEADING))
