"""The contact page (issue 15, item 6): the people the sources name, their details only
on request, the partners' websites and the project's social accounts as plain links."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from partners.models import ContactPerson, Partner
from tests.factories import PartnerFactory, ProjectFactory
from tests.sitemap_helpers import sitemap_xml

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fi", "de", "pl", "es", "ca", "it", "fr"]
# What the sources give (seeds 000 and 004), in every form a harvester could read.
DETAILS = ["moeller@witeno.de", "moeller", "3834", "550 106", "077 3630", "+358", "mailto:", "tel:"]


@pytest.fixture
def demo():
    call_command("load_demo_content", stdout=StringIO())


def witeno_contact():
    return ContactPerson.objects.get(partner__slug="witeno")


def reveal_url(person):
    return reverse("contact_reveal", args=[person.pk])


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_page_names_the_sourced_people_and_no_address(client, demo, code):
    response = client.get(f"/{code}/contact/")
    assert response.status_code == 200
    html = response.content.decode()
    main = html.split('<main id="main"')[1].split("</main>")[0]
    assert "Harri Kuusela" in main
    assert "Jennifer Billowie" in main
    for detail in DETAILS:
        assert detail not in html, detail
    # Each person with details has a button that names them, posting to their reveal URL.
    for person in ContactPerson.objects.all():
        assert f'action="/{code}/contact/{person.pk}/#contact-{person.pk}"' in main
        assert person.name in main.split(f'id="contact-{person.pk}"')[1].split("</form>")[0]


def test_only_the_people_the_sources_name_are_shown(demo):
    assert sorted(ContactPerson.objects.values_list("name", flat=True)) == [
        "Harri Kuusela",
        "Jennifer Billowie",
    ]
    manager = ContactPerson.objects.get(name="Harri Kuusela")
    assert manager.partner.role == Partner.Role.LEAD
    assert manager.role_en == "Project manager"
    assert manager.email == ""  # the lead partner's page gives a telephone number only


def test_the_project_manager_comes_first_and_the_role_is_translated(client, demo):
    html = client.get("/fi/contact/").content.decode()
    assert html.index("Harri Kuusela") < html.index("Jennifer Billowie")
    assert "Projektipäällikkö" in html


def test_revealing_needs_the_form_and_shows_plain_links(demo):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/de/contact/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    person = witeno_contact()

    # Without the form's token (a harvester following the URL) nothing is revealed.
    refused = client.post(f"/de/contact/{person.pk}/")
    assert refused.status_code == 403
    assert "moeller" not in refused.content.decode()

    response = client.post(f"/de/contact/{person.pk}/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    html = response.content.decode()
    card = html.split(f'id="contact-{person.pk}"')[1].split("</div>")[0]
    # Real text and ordinary links: what a screen reader reads is the address itself.
    assert '<a href="mailto:moeller@witeno.de">moeller@witeno.de</a>' in card
    assert '<a href="tel:+493834550106">+49 3834 550 106</a>' in card
    # Only the person asked for.
    assert "077 3630" not in html
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_a_link_to_the_reveal_address_leads_back_to_the_page(client, demo):
    person = witeno_contact()
    response = client.get(f"/en/contact/{person.pk}/")
    assert response.status_code == 302
    assert response.url == f"/en/contact/#contact-{person.pk}"


def test_revealing_is_rate_limited(client, demo, settings):
    settings.CONTACT_REVEAL_RATE = "2/h"
    person = witeno_contact()
    for _ in range(2):
        assert client.post(reveal_url(person)).status_code == 200
    response = client.post(reveal_url(person))
    assert response.status_code == 429
    html = response.content.decode()
    assert "moeller" not in html
    assert 'role="alert"' in html


def test_a_former_partners_contact_is_not_revealed(client):
    ProjectFactory()
    former = PartnerFactory(slug="gone", role_end="2020-06-30")
    person = ContactPerson.objects.create(
        partner=former, name="Old Contact", role_en="Contact", email="old@example.org"
    )
    assert client.post(reveal_url(person)).status_code == 404
    assert "Old Contact" not in client.get("/en/contact/").content.decode()


def test_partners_without_a_named_contact_show_their_website(client, demo):
    html = client.get("/en/contact/").content.decode()
    others = html.split('id="partners-heading"')[1].split("</section>")[0]
    for partner in Partner.objects.current().exclude(role=Partner.Role.SERVICE):
        if partner.contacts.exists():
            assert partner.website not in others
        else:
            assert f'href="{partner.website}"' in others
    assert "Resolvo" not in others  # a service provider, not a partner


def test_social_accounts_are_plain_links_and_nothing_is_embedded(client, demo):
    html = client.get("/pl/contact/").content.decode()
    assert '<a href="https://www.facebook.com/Next2Met" rel="noopener">' in html
    assert '<a href="https://x.com/Next2Met_EU" rel="noopener">' in html
    assert "@Next2Met_EU" in html
    for tag in ("<iframe", "<script", "<embed", "<object"):
        assert tag not in html


def test_the_footer_links_the_contact_page(client, demo):
    for code in ("en", "it"):
        html = client.get(f"/{code}/events/").content.decode()
        footer = html.split('<footer class="site-footer">')[1]
        assert f'href="/{code}/contact/"' in footer


def test_the_sitemap_lists_the_contact_page_in_every_language(client, demo):
    xml = sitemap_xml(client)  # the index's section files, one after the other
    for code in LANGUAGES:
        assert f"http://testserver/{code}/contact/</loc>" in xml
        assert f'hreflang="{code}" href="http://testserver/{code}/contact/"' in xml


def test_the_page_costs_the_same_queries_however_many_contacts(
    client, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        assert client.get("/en/contact/").status_code == 200
    for n in range(30):
        partner = PartnerFactory(slug=f"extra-{n}", nuts_code="")
        for m in range(3):
            ContactPerson.objects.create(
                partner=partner, name=f"Person {n}-{m}", role_en="Contact", phone="+358 1 234 567"
            )
    with django_assert_max_num_queries(5):
        assert client.get("/fr/contact/").status_code == 200
