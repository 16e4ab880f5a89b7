"""The demo's results page and dashboard show what the sources state, and nothing else."""

import pytest
from django.urls import reverse

from reporting.models import PolicyChange, StatedAttendance
from tests.pages import build_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return build_demo()


def test_the_results_page_shows_the_attendance_the_sources_state(client, demo):
    response = client.get("/en/results/")
    html = response.content.decode()
    figures = {figure.code: figure for figure in response.context["figures"]}
    # PLE1 in Lahti: "more than 40 participants" (seed 003), shown as stated.
    lahti = html[html.index("Policy Learning Event 1 in Lahti") :]
    assert lahti.index("<td>more than 40</td>") < lahti.index("</tr>")
    stated = figures["participants_stated"]
    assert (stated.value, stated.precision) == (170, "more_than")
    assert "more than 170" in html
    # No attendance list of the real events is held: no person is invented.
    assert figures["people"].value == 0
    assert StatedAttendance.objects.count() == 4
    # Only the Policy Learning Platform entry (item 4252) is known to be validated.
    assert figures["practices_identified"].value == 1
    assert figures["practices_validated"].value == 1
    # The sources confirm the policy changes, not their validation by the programme.
    assert not PolicyChange.objects.validated().exists()
    assert figures["instruments_sf"].value == 0
    assert "No policy change has been validated by the programme yet." in html


def test_the_dashboard_shows_them_per_period_and_the_changes_not_validated(client, demo):
    client.force_login(demo.admin_user)
    html = client.get(reverse("admin:reporting_dashboard")).content.decode()
    section = html[html.index('id="ind-participants_stated"') :]
    section = section[: section.index("</section>")]
    assert "<td>more than 40</td>" in section  # period 1: PLE1 in Lahti
    assert "<strong>more than 170</strong>" in section
    assert "Policy changes reported, not yet validated (4)" in html
