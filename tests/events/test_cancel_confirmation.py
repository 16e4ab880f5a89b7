"""Cancelling a registration asks first: the manage page links to a confirmation step,
and only the POST from that step cancels. Works without JavaScript."""

import re

import pytest

from events.models import Registration

pytestmark = pytest.mark.django_db


def test_cancelling_takes_a_confirmation(stakeholder, event):
    stakeholder.register()
    manage = stakeholder.last_link("manage")
    page = stakeholder.client.get(manage).content.decode()
    # The manage page's button is a link to the confirmation step, not a cancelling form.
    assert 'name="action" value="cancel"' not in page
    step = re.search(r'<a class="btn btn-outline-dark" href="([^"]+)">Cancel my registration', page)
    assert step and step.group(1) == "?cancel=1"

    question = stakeholder.client.get(manage + "?cancel=1")
    assert question.status_code == 200
    html = question.content.decode()
    assert "Cancel your registration?" in html
    assert event.title in html
    assert 'name="confirm" value="yes"' in html
    assert f'href="{manage}">No, keep my registration</a>' in html
    assert Registration.objects.get().status == Registration.Status.PENDING

    # A POST without the confirmation (an old form, a double click) only asks.
    asked = stakeholder.post(manage, {"action": "cancel"})
    assert asked.status_code == 200
    assert "Cancel your registration?" in asked.content.decode()
    assert Registration.objects.get().status == Registration.Status.PENDING

    done = stakeholder.post(manage, {"action": "cancel", "confirm": "yes"})
    assert done.status_code == 302 and done.url.endswith("?cancelled=1")
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    # Once cancelled, the step is not offered again.
    after = stakeholder.client.get(manage + "?cancel=1").content.decode()
    assert "Cancel your registration?" not in after
