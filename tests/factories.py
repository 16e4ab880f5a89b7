import datetime
import io
import random

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from events.models import Event, Registration, Session
from goodpractices.models import GoodPractice, Theme
from news.models import NewsPost
from partners.models import (
    Action,
    ActionPlan,
    Partner,
    PartnerStaff,
    PolicyInstrument,
    Project,
    StakeholderOrganisation,
)
from partners.roles import LEAD_EDITORS, PARTNER_EDITORS


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name_en = "Next2Met test project"
    acronym = "N2M"
    programme_en = "Interreg Europe 2014–2020"
    call_en = "4th call"
    budget_eur = 1000
    start_date = datetime.date(2019, 8, 1)
    planned_end_date = datetime.date(2023, 1, 31)
    summary_en = "A summary."


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name_en = factory.Sequence(lambda n: f"Partner organisation {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    role = Partner.Role.PARTNER
    country = "FI"
    nuts_code = "FI1C3"
    role_start = datetime.date(2019, 8, 1)
    description_en = "An organisation next to a metropolis."


class PolicyInstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyInstrument

    partner = factory.SubFactory(PartnerFactory)
    title_en = factory.Sequence(lambda n: f"Instrument {n}")
    slug = factory.Sequence(lambda n: f"instrument-{n}")
    kind = PolicyInstrument.Kind.ERDF_OP


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderOrganisation

    instrument = factory.SubFactory(PolicyInstrumentFactory)
    name_en = factory.Sequence(lambda n: f"Stakeholder {n}")
    sector = StakeholderOrganisation.Sector.BUSINESS


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    instrument = factory.SubFactory(PolicyInstrumentFactory)
    title_en = factory.Sequence(lambda n: f"Action plan {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    action_plan = factory.SubFactory(ActionPlanFactory)
    title_en = factory.Sequence(lambda n: f"Action {n}")


def staff_user(partner: Partner, username: str | None = None):
    """A staff user of ``partner``, in the editor group its role calls for."""
    user = get_user_model().objects.create_user(
        username=username or f"staff-{partner.slug}", password="pw", is_staff=True
    )
    group = LEAD_EDITORS if partner.role == Partner.Role.LEAD else PARTNER_EDITORS
    user.groups.add(Group.objects.get(name=group))
    PartnerStaff.objects.create(user=user, partner=partner)
    return user


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title_en = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    host = factory.SubFactory(PartnerFactory)
    status = Event.Status.PUBLISHED
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=3))
    timezone = "Europe/Helsinki"
    city_en = "Lahti"
    capacity = 10


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title_en = factory.Sequence(lambda n: f"Session {n}")
    start = factory.LazyAttribute(lambda o: o.event.start)
    end = factory.LazyAttribute(lambda o: o.event.start + datetime.timedelta(hours=1))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    status = Registration.Status.CONFIRMED
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    organisation = "Example Oy"
    organisation_type = "business"
    country = "FI"
    language = "en"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name_en = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodPractice

    title_en = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    summary_en = "A practice that worked."
    description_en = "<p>What it is and how it works.</p>"
    owner = factory.SubFactory(PartnerFactory)
    country = "FI"
    main_institution_en = "Regional Council"
    start_date = datetime.date(2020, 1, 1)
    status = GoodPractice.Status.APPROVED
    published_at = factory.LazyFunction(timezone.now)


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost

    title_en = factory.Sequence(lambda n: f"News {n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    lead_en = "What happened, in one sentence."
    body_en = "<p>The whole story.</p>"
    date = datetime.date(2020, 3, 1)
    partner = factory.SubFactory(PartnerFactory)
    status = NewsPost.Status.PUBLISHED


def abstract_photo(seed: int = 0, size=(1600, 1066), name="photo.jpg"):
    """A generated JPEG of coloured shapes (no person, no place), as an upload."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(0, 80), rng.randrange(40, 120), 140))
    draw = ImageDraw.Draw(image)
    for _n in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(size[1] // 12, size[1] // 3)
        colour = (rng.randrange(120, 256), rng.randrange(60, 256), rng.randrange(0, 200))
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x - r, y - r // 4, x + r, y + r // 4), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
