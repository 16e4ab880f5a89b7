"""Contact persons are edited inside their partner's admin page, so the partner scoping
applies: a partner's staff edit their own contacts and never see another partner's."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from partners.models import ContactPerson, Partner
from tests.factories import PartnerFactory, staff_user

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The values a browser would send for the admin change form as rendered."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") == "checkbox" and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(html):
    parser = FormFields()
    parser.feed(html.split('id="partner_form"')[1].split("</form>")[0])
    return {k: v for k, v in parser.data.items() if "__prefix__" not in k}


@pytest.fixture
def alpha():
    return PartnerFactory(slug="alpha", name_en="Alpha region", nuts_code="")


@pytest.fixture
def beta():
    partner = PartnerFactory(slug="beta", name_en="Beta region", nuts_code="")
    ContactPerson.objects.create(
        partner=partner, name="Beta Person", role_en="Contact", email="beta@example.org"
    )
    return partner


def change_url(partner):
    return reverse("admin:partners_partner_change", args=[partner.pk])


def test_partner_staff_add_a_contact_to_their_own_partner(client, alpha, beta):
    client.force_login(staff_user(alpha))
    html = client.get(change_url(alpha)).content.decode()
    assert 'name="contacts-TOTAL_FORMS"' in html
    data = form_data(html)
    data.update(
        {
            "contacts-TOTAL_FORMS": "1",
            "contacts-0-name": "Alpha Person",
            "contacts-0-role_en": "Project manager",
            "contacts-0-role_fi": "Projektipäällikkö",
            "contacts-0-email": "alpha@example.org",
            "contacts-0-phone": "+358 1 234 567",
            "contacts-0-order": "1",
        }
    )
    response = client.post(change_url(alpha), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    person = ContactPerson.objects.get(partner=alpha)
    assert (person.name, person.role_fi) == ("Alpha Person", "Projektipäällikkö")


def test_partner_staff_never_see_another_partners_contacts(client, alpha, beta):
    client.force_login(staff_user(alpha))
    response = client.get(change_url(beta))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert "Beta Person" not in client.get(change_url(alpha)).content.decode()
    assert client.post(change_url(beta), {"contacts-TOTAL_FORMS": "0"}).status_code == 302
    assert ContactPerson.objects.filter(partner=beta).count() == 1


def test_a_telephone_number_is_given_in_international_form(client, alpha):
    lead = PartnerFactory(slug="lead", role=Partner.Role.LEAD, nuts_code="")
    client.force_login(staff_user(lead))
    data = form_data(client.get(change_url(alpha)).content.decode())
    data.update(
        {
            "contacts-TOTAL_FORMS": "1",
            "contacts-0-name": "Someone",
            "contacts-0-role_en": "Contact",
            "contacts-0-phone": "044 077 3630",
            "contacts-0-order": "0",
        }
    )
    response = client.post(change_url(alpha), data)
    assert response.status_code == 200
    assert "international form" in response.content.decode()
    assert not ContactPerson.objects.exists()
