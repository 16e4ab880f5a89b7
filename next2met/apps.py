from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    name = "next2met"
    verbose_name = "Next2Met"
    default = True

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete

        from core import outbox

        from .accounts import KINDS, build_password_reset, delete_user_emails

        outbox.register(KINDS, build_password_reset)
        # Emails about an account (reset, invitation) go with it.
        post_delete.connect(
            delete_user_emails, sender=get_user_model(), dispatch_uid="next2met_user_emails"
        )


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the portal's site (two-factor login) as ``admin.site``."""

    default = False
    default_site = "next2met.admin_site.PortalAdminSite"

    def ready(self):
        from django.contrib.admin import options
        from django.db import models

        from core.admin_scoping import AdminSplitDateTime

        # Before the admins register (super().ready() discovers them): every date-time
        # field, inlines included, gets inputs with an accessible name.
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField]["widget"] = AdminSplitDateTime
        super().ready()
