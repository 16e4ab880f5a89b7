"""The programme identity of a 2014–2020 Interreg Europe project (issue 15, item 1): the
EU emblem with "European Union | European Regional Development Fund", the programme's
name and the project's, on every public page, the attendance sheet and the evidence pack.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.pages import build_demo, visits

pytestmark = pytest.mark.django_db


def identity_in(html: str) -> str:
    """The programme identity block of a page (fails the test when there is none)."""
    assert html.count('<div class="funding-identity">') == 1
    block = html.split('<div class="funding-identity">')[1].split("</div>")[0]
    return block


def assert_identity(html: str, code: str):
    block = identity_in(html)
    assert '<svg class="eu-emblem"' in block
    assert 'aria-hidden="true"' in block  # the text beside it names the Union
    assert "Interreg Europe" in block
    assert "Next2Met" in block
    with translation.override(code):
        assert gettext("European Union") in block
        assert gettext("European Regional Development Fund") in block
    # The 2014–2020 wording, not the 2021–2027 one.
    assert "Co-funded" not in block


@pytest.mark.parametrize("codes", [("en", "pl", "de")])
def test_every_public_page_carries_the_identity_in_its_footer(codes):
    demo = build_demo()
    client = Client()
    checked = 0
    for visit in visits(demo):
        if visit.page.admin or visit.language not in codes:
            continue
        if visit.post_to:
            response = client.post(visit.post_to, {})
        else:
            response = client.get(visit.path)
        assert response.status_code == visit.page.status, visit.path
        html = response.content.decode()
        footer = html.split('<footer class="site-footer">')[1]
        assert_identity(footer, visit.language)
        checked += 1
    assert checked >= 3 * 25


def test_the_attendance_sheet_and_the_evidence_pack_carry_the_identity():
    demo = build_demo()
    client = Client()
    client.force_login(demo.admin_user)
    sheet = client.get(reverse("admin:events_event_sheet", args=[demo.past_event.pk]))
    assert sheet.status_code == 200
    # On the printed sheet, above the title.
    html = sheet.content.decode()
    assert html.index("funding-identity") < html.index("<h1>")
    assert_identity(html, "en")
    pack = client.get(reverse("admin:reporting_period_evidence", args=[demo.period.pk]))
    assert pack.status_code == 200
    html = pack.content.decode()
    assert html.index("funding-identity") < html.index("<h1>")
    assert_identity(html, "en")


def test_the_identity_follows_the_editors_language_on_the_sheet():
    demo = build_demo()
    client = Client(headers={"accept-language": "fi"})
    client.force_login(demo.admin_user)
    html = client.get(
        reverse("admin:events_event_sheet", args=[demo.past_event.pk])
    ).content.decode()
    assert '<html lang="fi">' in html
    assert_identity(html, "fi")
