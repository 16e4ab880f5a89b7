"""Editor groups and what they may do in the admin.

Model permissions say *what kind* of record an editor may touch; the partner-scoping
admin mixin (``core.admin_scoping``, with the rule of ``partners.scoping``) says *which*
records. The groups are kept in step with this module after every ``migrate``, so a
deployment needs no manual setup.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

LEAD_EDITORS = "Lead partner editors"
PARTNER_EDITORS = "Partner editors"

ALL = ("add", "change", "delete", "view")

# Per group: "app_label.model" -> actions. Apps add their models here as they grow.
GROUP_PERMISSIONS = {
    LEAD_EDITORS: {
        "partners.project": ("change", "view"),
        "partners.projectphase": ALL,
        "partners.lineofaction": ALL,
        "partners.projectlink": ALL,
        "partners.partner": ALL,
        "partners.contactperson": ALL,
        "partners.policyinstrument": ALL,
        "partners.stakeholderorganisation": ALL,
        "partners.actionplan": ALL,
        "partners.action": ALL,
        "partners.partnerstaff": ("view",),
        "events.event": ALL,
        "events.session": ALL,
        "events.material": ALL,
        "events.photoalbum": ALL,
        "events.photo": ALL,
        "events.registration": ("change", "view", "delete"),
        # Messages are kept as sent: written from the event's page, never edited.
        "events.eventmessage": ("add", "view"),
        "core.outboxemail": ("view",),
        "goodpractices.theme": ALL,
        "goodpractices.glossaryterm": ALL,
        "goodpractices.goodpractice": ALL,
        "goodpractices.goodpracticeimage": ALL,
        "goodpractices.goodpracticeattachment": ALL,
        "goodpractices.statuschange": ("view",),
        "goodpractices.transferinterest": ALL,
        "news.newspost": ALL,
        "reporting.reportingperiod": ALL,
        "reporting.indicatortarget": ALL,
        "reporting.manualvalue": ALL,
        "reporting.policychange": ALL,
    },
    PARTNER_EDITORS: {
        "partners.partner": ("change", "view"),
        "partners.contactperson": ALL,
        "partners.policyinstrument": ALL,
        "partners.stakeholderorganisation": ALL,
        "partners.actionplan": ALL,
        "partners.action": ALL,
        "events.event": ALL,
        "events.session": ALL,
        "events.material": ALL,
        "events.photoalbum": ALL,
        "events.photo": ALL,
        "events.registration": ("change", "view"),
        "events.eventmessage": ("add", "view"),
        "core.outboxemail": ("view",),
        "goodpractices.theme": ("view",),
        "goodpractices.goodpractice": ALL,
        "goodpractices.goodpracticeimage": ALL,
        "goodpractices.goodpracticeattachment": ALL,
        "goodpractices.statuschange": ("view",),
        "goodpractices.transferinterest": ALL,
        # Their own posts only (the admin's scoping), and never published by them.
        "news.newspost": ALL,
    },
}


def sync_editor_groups(using="default"):
    """Create the editor groups and give each exactly the permissions listed above."""
    for group_name, models in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        wanted = []
        for label, actions in models.items():
            app_label, model = label.split(".")
            codenames = [f"{action}_{model}" for action in actions]
            wanted += Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        group.permissions.set(wanted)


def sync_editor_groups_after_migrate(sender, using="default", **kwargs):
    # post_migrate is sent once per app; permissions of apps later in INSTALLED_APPS
    # may not exist yet, so create them all first (it is idempotent).
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_editor_groups(using=using)
