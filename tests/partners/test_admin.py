import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.admin_scoping import LeadOnlyAdminMixin, PartnerScopedAdminMixin
from partners.models import ActionPlan, Partner, PolicyInstrument
from tests.factories import (
    ActionPlanFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return PartnerFactory(slug="lead", name_en="Lead council", role=Partner.Role.LEAD)


@pytest.fixture
def alpha():
    return PartnerFactory(slug="alpha", name_en="Alpha region", description_en="Alpha text")


@pytest.fixture
def beta():
    return PartnerFactory(slug="beta", name_en="Beta region", description_en="Beta text")


@pytest.fixture
def alpha_client(client, alpha):
    client.force_login(staff_user(alpha))
    return client


@pytest.fixture
def lead_client(client, lead):
    client.force_login(staff_user(lead))
    return client


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_every_partner_owned_model_admin_is_scoped():
    """SEC-30: a model with a path to Partner is edited through the scoping mixin."""
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"partners", "events", "goodpractices"}:
            continue
        assert isinstance(model_admin, PartnerScopedAdminMixin | LeadOnlyAdminMixin), model


def test_lead_staff_see_every_partner(lead_client, alpha, beta):
    html = lead_client.get(reverse("admin:partners_partner_changelist")).content.decode()
    assert "Alpha region" in html and "Beta region" in html


def test_partner_staff_see_only_their_own_partner(alpha_client, alpha, beta):
    html = alpha_client.get(reverse("admin:partners_partner_changelist")).content.decode()
    assert "Alpha region" in html
    assert "Beta region" not in html


def test_another_partners_record_is_not_reachable_by_url(alpha_client, beta):
    instrument = PolicyInstrumentFactory(partner=beta)
    for obj in (beta, instrument):
        response = alpha_client.get(change_url(obj))
        assert response.status_code == 302
        assert response.url == reverse("admin:index")
    history = reverse("admin:partners_partner_history", args=[beta.pk])
    assert alpha_client.get(history).status_code == 302


def test_posting_to_another_partners_record_changes_nothing(alpha_client, beta):
    instrument = PolicyInstrumentFactory(partner=beta, title_en="Beta programme")
    alpha_client.post(change_url(instrument), {"title_en": "Hijacked", "partner": beta.pk})
    instrument.refresh_from_db()
    assert instrument.title_en == "Beta programme"


def test_bulk_delete_skips_other_partners_records(alpha_client, alpha, beta):
    own = PolicyInstrumentFactory(partner=alpha)
    other = PolicyInstrumentFactory(partner=beta)
    alpha_client.post(
        reverse("admin:partners_policyinstrument_changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, other.pk], "post": "yes"},
    )
    assert not PolicyInstrument.objects.filter(pk=own.pk).exists()
    assert PolicyInstrument.objects.filter(pk=other.pk).exists()


def test_foreign_key_choices_offer_only_the_own_partner(alpha_client, alpha, beta):
    html = alpha_client.get(reverse("admin:partners_actionplan_add")).content.decode()
    PolicyInstrumentFactory(partner=beta, title_en="Beta programme")
    own = PolicyInstrumentFactory(partner=alpha, title_en="Alpha programme")
    html = alpha_client.get(reverse("admin:partners_actionplan_add")).content.decode()
    assert "Beta programme" not in html
    # Autocomplete answers from the related admin's scoped queryset.
    response = alpha_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "partners",
            "model_name": "actionplan",
            "field_name": "instrument",
            "term": "programme",
        },
    )
    assert [r["id"] for r in response.json()["results"]] == [str(own.pk)]


def test_tampered_owner_is_refused(alpha_client, alpha, beta):
    response = alpha_client.post(
        reverse("admin:partners_policyinstrument_add"),
        {
            "partner": beta.pk,
            "title_en": "Sneaky",
            "slug": "sneaky",
            "kind": "erdf_op",
            "stakeholders-TOTAL_FORMS": "0",
            "stakeholders-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form is shown again with an error
    assert "Select a valid choice" in response.content.decode()
    assert not PolicyInstrument.objects.filter(slug="sneaky").exists()


def test_partner_staff_create_an_instrument_for_their_partner(alpha_client, alpha):
    response = alpha_client.post(
        reverse("admin:partners_policyinstrument_add"),
        {
            "partner": alpha.pk,
            "title_en": "Alpha ERDF programme",
            "title_fi": "Alfan EAKR-ohjelma",
            "slug": "alpha-erdf",
            "kind": "erdf_op",
            "details_confirmed": "on",
            "stakeholders-TOTAL_FORMS": "1",
            "stakeholders-INITIAL_FORMS": "0",
            "stakeholders-0-name_en": "Alpha Chamber of Commerce",
            "stakeholders-0-sector": "business",
            "stakeholders-0-order": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    instrument = PolicyInstrument.objects.get(slug="alpha-erdf")
    assert instrument.partner == alpha
    assert instrument.title_fi == "Alfan EAKR-ohjelma"
    assert instrument.stakeholders.get().name_en == "Alpha Chamber of Commerce"


def test_partner_staff_cannot_change_their_role_or_add_partners(alpha_client, alpha):
    html = alpha_client.get(change_url(alpha)).content.decode()
    assert 'name="role"' not in html
    assert 'name="slug"' not in html
    assert alpha_client.get(reverse("admin:partners_partner_add")).status_code == 403
    assert alpha_client.get(reverse("admin:partners_project_changelist")).status_code == 403


def test_partner_staff_edit_their_description(alpha_client, alpha):
    data = {
        "name_en": "Alpha region",
        "description_en": "Updated in English",
        "description_de": "Auf Deutsch",
        "country": "FI",
        "nuts_code": "FI1C3",
        # The contact persons' inline, left empty.
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }
    response = alpha_client.post(change_url(alpha), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    alpha.refresh_from_db()
    assert (alpha.description_en, alpha.description_de) == ("Updated in English", "Auf Deutsch")
    assert alpha.role == Partner.Role.PARTNER


def test_staff_without_a_partner_see_nothing(client, alpha):
    user = get_user_model().objects.create_user("lost", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:partners_partner_changelist")).status_code == 403


def test_admin_search_finds_text_in_any_language(lead_client):
    PartnerFactory(name_en="Regional Council", description_fi="Älykäs kylä Lahdessa")
    html = lead_client.get(
        reverse("admin:partners_partner_changelist"), {"q": "Lahdessa"}
    ).content.decode()
    assert "Regional Council" in html


def test_change_form_has_translation_tabs_served_locally(lead_client, alpha):
    html = lead_client.get(change_url(alpha)).content.decode()
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
    assert "tabbed_translation_fields.js" in html
    assert "googleapis" not in html
    assert 'name="description_fi"' in html


def _partner_form(**overrides):
    data = {
        "name_en": "Gamma region",
        "slug": "gamma",
        "role": "partner",
        "country": "AT",
        "nuts_code": "AT12",
        "role_start": "2019-08-01",
        "role_dates_confirmed": "on",
        "order": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"slug": "alpha"}, "slug", "Partner with this Slug already exists."),
        (
            {"role_end": "2019-01-01"},
            "role_end",
            "The end date cannot be before the start date.",
        ),
        ({"nuts_code": "AT-12"}, "nuts_code", "Enter a NUTS code"),
        ({"nuts_code": "DE80"}, "nuts_code", "A NUTS code in Austria starts with AT."),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(lead_client, alpha, overrides, field, message):
    response = lead_client.post(reverse("admin:partners_partner_add"), _partner_form(**overrides))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    html = response.content.decode()
    # Rendered in the field's row, and what was typed is still there.
    assert f"field-{field}" in html and "errors" in html
    assert 'value="Gamma region"' in html


def test_bad_input_message_is_in_the_admin_users_language(lead_client, alpha):
    response = lead_client.post(
        reverse("admin:partners_partner_add"),
        _partner_form(role_end="2019-01-01", nuts_code="DE80"),
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    errors = response.context["adminform"].form.errors
    assert "Loppupäivä ei voi olla ennen alkupäivää." in errors["role_end"]
    assert "alkaa" in errors["nuts_code"][0]


def test_action_plan_end_date_error_in_inline(lead_client, alpha):
    plan = ActionPlanFactory(instrument=PolicyInstrumentFactory(partner=alpha))
    data = {
        "instrument": plan.instrument.pk,
        "title_en": plan.title_en,
        "status": ActionPlan.Status.DRAFT,
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-title_en": "Do it",
        "actions-0-order": "1",
        "actions-0-status": "planned",
        "actions-0-start_date": "2022-05-01",
        "actions-0-end_date": "2022-01-01",
    }
    response = lead_client.post(change_url(plan), data)
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in response.content.decode()
    assert plan.actions.count() == 0
    assert datetime.date(2022, 5, 1).isoformat() in response.content.decode()
