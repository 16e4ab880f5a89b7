from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    verbose_name = _("Partners and policy")

    def ready(self):
        from core import admin_scoping, outbox

        from .invitations import KINDS, build_invitation
        from .roles import sync_editor_groups_after_migrate
        from .scoping import is_lead_editor, partner_of

        # The admin's scoping mechanism (core) asks this app who may edit what.
        admin_scoping.use_rule(is_lead_editor=is_lead_editor, owner_of=partner_of)

        outbox.register(KINDS, build_invitation)
        post_migrate.connect(
            sync_editor_groups_after_migrate, sender=self, dispatch_uid="partners_roles"
        )
