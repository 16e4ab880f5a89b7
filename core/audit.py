"""The audit trail keeps no registrant's name: a registration is logged by its number.

Its personal fields are left out where events registers the model (events/apps.py, from
the privacy inventory); this replaces the object's text, which would otherwise be
``str(registration)``, the name.
"""

from auditlog.signals import post_log
from django.dispatch import receiver


@receiver(post_log, dispatch_uid="core.audit.registration_without_name")
def registration_without_name(sender, instance, log_entry=None, **kwargs):
    if log_entry is None or sender._meta.label != "events.Registration":
        return
    log_entry.object_repr = f"Registration #{instance.pk}"
    log_entry.save(update_fields=["object_repr"])
