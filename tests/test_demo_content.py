import pytest
from django.core.management import call_command

from partners.models import ContactPerson, Partner, PolicyInstrument, Project

pytestmark = pytest.mark.django_db


def _load(*args):
    from io import StringIO

    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def test_demo_content_is_idempotent():
    _load()
    counts = (Partner.objects.count(), PolicyInstrument.objects.count(), Project.objects.count())
    _load()
    assert (
        Partner.objects.count(),
        PolicyInstrument.objects.count(),
        Project.objects.count(),
    ) == counts
    assert counts == (10, 6, 1)


def test_demo_content_has_the_real_partnership():
    _load()
    roles = dict(Partner.objects.values_list("slug", "role"))
    assert roles["paijat-hame"] == Partner.Role.LEAD
    assert roles["cpmr"] == Partner.Role.ADVISORY
    assert roles["resolvo"] == Partner.Role.SERVICE
    # The two changes of partner during the project.
    assert Partner.objects.get(slug="ecoplus").replaces.slug == "lower-austria-government"
    assert Partner.objects.get(slug="witeno").replaces.slug == "mv-regional-authority"
    assert {p.slug for p in Partner.objects.former()} == {
        "lower-austria-government",
        "mv-regional-authority",
    }
    kinds = list(PolicyInstrument.objects.values_list("kind", flat=True))
    assert kinds.count("erdf_op") == 4 and kinds.count("regional") == 2
    # Inferred instruments are marked for editors.
    assert PolicyInstrument.objects.filter(details_confirmed=False).count() == 4
    project = Project.objects.get()
    for code in ("en", "it", "pl", "de", "fi"):
        assert getattr(project, f"summary_{code}")


def test_demo_content_names_only_the_contacts_the_sources_give_as_such():
    _load()
    text = " ".join(
        str(value)
        for model in (Project, Partner, PolicyInstrument, ContactPerson)
        for row in model.objects.values()
        for value in row.values()
    )
    # People the sources mention in other roles stay out.
    for person in ("Hagenauer", "Gerhardter", "Blank", "Schwock", "Mernitz", "Leppänen"):
        assert person not in text
    # The contact page's people: the project manager (seed 000) and WITENO's contact
    # (seed 004), each once, and nowhere but as a contact person.
    assert set(ContactPerson.objects.values_list("name", flat=True)) == {
        "Harri Kuusela",
        "Jennifer Billowie",
    }
    for person in ("Kuusela", "Billowie"):
        assert text.count(person) == 1


def test_dev_users_are_printed_and_can_log_in(client):
    output = _load("--dev-users")
    logins = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] in {"admin", "podlaskie", "paijat-hame"}:
            logins[parts[0]] = parts[1]
    assert set(logins) == {"admin", "podlaskie", "paijat-hame"}
    # Through the login form: django-axes needs the request that client.login() lacks.
    login = {"username": "podlaskie", "password": logins["podlaskie"]}
    assert client.post("/admin/login/", login).status_code == 302
    listing = client.get("/admin/partners/partner/").content.decode()
    assert "Podlaskie Voivodeship" in listing
    assert "WITENO GmbH" not in listing
    login = {"username": "paijat-hame", "password": logins["paijat-hame"]}
    assert client.post("/admin/login/", login).status_code == 302
    assert "WITENO GmbH" in client.get("/admin/partners/partner/").content.decode()


def test_demo_good_practices_and_the_two_confirmed_transfers():
    from goodpractices.models import GoodPractice, TransferInterest
    from goodpractices.search import languages

    _load()
    _load()  # idempotent
    practices = GoodPractice.objects.all()
    assert practices.count() == 12
    assert GoodPractice.objects.published().count() == 12
    # Only the Longford practice is confirmed in the programme's database.
    assert list(
        practices.filter(status=GoodPractice.Status.IN_DATABASE).values_list("slug", flat=True)
    ) == ["digital-consultations-local-digital-strategies"]
    for practice in practices:
        others = [
            code for code in languages() if code != "en" and getattr(practice, f"title_{code}")
        ]
        assert practice.title_en and others, practice.slug  # English and a partner language
    transferred = {
        (t.practice.slug, t.partner.slug)
        for t in TransferInterest.objects.filter(stage=TransferInterest.Stage.TRANSFERRED)
    }
    assert ("digital-consultations-local-digital-strategies", "podlaskie") in transferred
    assert ("smart-urban-platform", "ecoplus") in transferred
    podlaskie = TransferInterest.objects.get(partner__slug="podlaskie")
    assert podlaskie.action is not None  # the action-plan action it became
