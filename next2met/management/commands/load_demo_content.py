"""Load the real Next2Met facts. Safe to run again: it updates what is there."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from events.demo_content import load_events
from goodpractices.demo_content import load_good_practices
from news.demo_content import load_news
from partners.demo_content import load_partners
from partners.models import Partner, PartnerStaff
from partners.roles import LEAD_EDITORS, PARTNER_EDITORS, sync_editor_groups
from reporting.demo_content import load_reporting


class Command(BaseCommand):
    help = "Load the Next2Met demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dev-users",
            action="store_true",
            help="Also create an admin and one staff user per partner with fresh random "
            "passwords, and print them. For local development only.",
        )

    def handle(self, *args, dev_users=False, **options):
        counts = {
            **load_partners(),
            **load_events(),
            **load_good_practices(),
            **load_news(),
            **load_reporting(),
        }
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary}."))
        if dev_users:
            self.print_logins(self.create_dev_users())

    @transaction.atomic
    def create_dev_users(self):
        sync_editor_groups()
        user_model = get_user_model()
        logins = []

        def account(username, **fields):
            password = secrets.token_urlsafe(12)
            user, _ = user_model.objects.update_or_create(username=username, defaults=fields)
            user.set_password(password)
            user.save()
            return user, password

        _admin, password = account("admin", is_staff=True, is_superuser=True)
        logins.append(("admin", password, "superuser"))
        groups = {name: Group.objects.get(name=name) for name in (LEAD_EDITORS, PARTNER_EDITORS)}
        for partner in Partner.objects.order_by("order"):
            user, password = account(partner.slug, is_staff=True, is_superuser=False)
            group = LEAD_EDITORS if partner.role == Partner.Role.LEAD else PARTNER_EDITORS
            user.groups.set([groups[group]])
            PartnerStaff.objects.update_or_create(user=user, defaults={"partner": partner})
            logins.append((partner.slug, password, f"{group}: {partner.name_en}"))
        return logins

    def print_logins(self, logins):
        self.stdout.write("")
        admin_url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("admin:index")
        self.stdout.write(f"Admin logins for {admin_url} (new passwords each run):")
        width = max(len(username) for username, _, _ in logins)
        for username, password, what in logins:
            self.stdout.write(f"  {username:<{width}}  {password}  {what}")
        self.stdout.write("")
