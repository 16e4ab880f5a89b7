from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The label of each kind of email, filled by core.outbox.register() as the apps start.
KIND_LABELS: dict[str, str] = {}


class OutboxEmail(models.Model):
    """One email to send, written in the same transaction as the change it reports.

    The row belongs to what it is about (a registration, a status change: the
    ``owner``, through a GenericRelation on that model, so deleting the owner deletes
    its emails; ``ref`` may name one more record its builder reads, such as the
    organisers' message a registrant's email carries). The message itself is built only
    when it is sent, by the builder the owning app registered for the ``kind`` (see
    ``core.outbox``). A row that fails
    stays here with its error and is tried again later, so no email is lost.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will be retried")

    kind = models.CharField(_("kind"), max_length=50)
    to = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=10)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    # What else the message is built from, in the owning app's terms (for a registration's
    # email: the organisers' message it carries). The owner stays the one it belongs to.
    ref = models.PositiveBigIntegerField(_("about record"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["content_type", "object_id"], name="outbox_owner"),
        ]

    def __str__(self):
        return str(self.get_kind_display())

    def get_kind_display(self):
        return KIND_LABELS.get(self.kind, self.kind)


class ContentVersion(models.Model):
    """The version of one scope of what the public pages show (core/pagecache.py): raised
    after each commit that changes it, so that cached pages of that scope miss."""

    scope = models.CharField(max_length=200, primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"{self.scope} v{self.version}"
