"""Messages to registrants: written on the event's admin page, previewed, then queued to
the outbox, one email per person in their own language."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core import outbox
from core.models import OutboxEmail
from events import services
from events.emails import Kind
from events.models import EventMessage, Registration
from partners.models import Partner
from tests.factories import EventFactory, PartnerFactory, RegistrationFactory, staff_user

pytestmark = pytest.mark.django_db

S = Registration.Status


@pytest.fixture
def host():
    return PartnerFactory(slug="host", name_en="Host region")


@pytest.fixture
def other():
    return PartnerFactory(slug="other", name_en="Other region")


@pytest.fixture
def event(host):
    return EventFactory(host=host, slug="lahti-ple", title_en="Lahti PLE", capacity=None)


@pytest.fixture
def host_client(client, host):
    client.force_login(staff_user(host))
    return client


def message_url(event):
    return reverse("admin:events_event_message", args=[event.pk])


def message_data(**overrides):
    data = {
        "groups": ["confirmed"],
        "subject_en": "Bring your laptop",
        "body_en": "Dear all,\nplease bring a laptop.\n<b>Not bold</b>",
        "preview_language": "en",
    }
    data.update(overrides)
    return data


def preview_then_send(client, event, data, capture):
    """Preview, then press "send" on the previewed page (as a person without JS would)."""
    page = client.post(message_url(event), {**data, "preview": "Preview"})
    assert page.status_code == 200, page.content.decode()
    html = page.content.decode()
    hidden = {
        name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1)
        for name in ("send_key", "previewed")
    }
    with capture(execute=True):
        return client.post(message_url(event), {**data, **hidden, "send": "Send"})


def test_message_to_confirmed_reaches_only_confirmed(
    host_client, event, django_capture_on_commit_callbacks
):
    confirmed = RegistrationFactory(event=event, status=S.CONFIRMED, email="yes@example.org")
    RegistrationFactory(event=event, status=S.WAITLISTED, email="wait@example.org")
    RegistrationFactory(event=event, status=S.PENDING, email="pending@example.org")
    RegistrationFactory(event=event, status=S.CANCELLED, email="gone@example.org")
    RegistrationFactory(status=S.CONFIRMED, email="other-event@example.org")

    response = preview_then_send(
        host_client, event, message_data(), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    message = EventMessage.objects.get()
    assert (message.event, message.groups, message.recipients) == (event, ["confirmed"], 1)
    assert message.author.username == "staff-host"
    emails = OutboxEmail.objects.filter(kind=Kind.MESSAGE)
    assert [(e.to, e.ref, e.owner) for e in emails] == [("yes@example.org", message.pk, confirmed)]
    assert [m.to for m in mail.outbox] == [["yes@example.org"]]
    sent = mail.outbox[0]
    assert sent.subject == "Bring your laptop (Lahti PLE)"
    assert "please bring a laptop.\n<b>Not bold</b>" in sent.body  # plain text, as typed
    assert "/en/registration/" in sent.body  # the person's manage link
    assert sent.content_subtype == "plain" and not getattr(sent, "alternatives", None)


def test_groups_reach_each_person_once(host_client, event, django_capture_on_commit_callbacks):
    attended = RegistrationFactory(event=event, status=S.CONFIRMED, checked_in_at=timezone.now())
    RegistrationFactory(event=event, status=S.WAITLISTED)
    RegistrationFactory(event=event, status=S.CONFIRMED, anonymised_at=timezone.now(), email="")
    preview_then_send(
        host_client,
        event,
        message_data(groups=["confirmed", "attended", "waitlisted"]),
        django_capture_on_commit_callbacks,
    )
    message = EventMessage.objects.get()
    assert message.recipients == 2
    assert OutboxEmail.objects.filter(registration=attended, kind=Kind.MESSAGE).count() == 1


def test_each_email_is_built_in_the_registrants_language_or_english(event):
    finn = RegistrationFactory(event=event, language="fi", name="Aino")
    german = RegistrationFactory(event=event, language="de", name="Jonas")
    services.event_message_send(
        event_id=event.pk,
        author=None,
        groups=["confirmed"],
        texts={
            "subject_en": "Parking",
            "body_en": "Park behind the hall.",
            "subject_fi": "Pysäköinti",
            "body_fi": "Pysäköi hallin taakse.",
        },
        send_key="k1",
    )
    built = {}
    for email in OutboxEmail.objects.filter(kind=Kind.MESSAGE):
        # The outbox's own code path: the builder registered for the kind, with the
        # email's language active.
        assert outbox.send(email.pk) is outbox.Delivery.SENT
        built[email.to] = mail.outbox[-1]
    finnish = built[finn.email]
    assert finnish.subject == "Pysäköinti (Lahti PLE)"
    assert "Pysäköi hallin taakse." in finnish.body
    assert "Hei Aino," in finnish.body  # the frame in Finnish too
    assert "Katso, peru tai poista ilmoittautumisesi:" in finnish.body
    assert "/fi/registration/" in finnish.body
    # No German text: the whole email in English, not half and half.
    english = built[german.email]
    assert english.subject == "Parking (Lahti PLE)"
    assert "Park behind the hall." in english.body
    assert "Hello Jonas," in english.body
    assert "Pysäköi" not in english.body


def test_preview_shows_counts_and_the_rendered_email_never_addresses(host_client, event):
    for n in range(3):
        RegistrationFactory(event=event, status=S.CONFIRMED, email=f"c{n}@example.org")
    RegistrationFactory(event=event, status=S.WAITLISTED, email="w@example.org")
    page = host_client.get(message_url(event))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Confirmed participants (3)" in html and "On the waiting list (1)" in html
    assert 'name="send"' not in html  # no sending before a preview

    page = host_client.post(
        message_url(event),
        message_data(
            subject_fi="Tuo läppäri",
            body_fi="Tuo kannettava.",
            preview_language="fi",
            preview="Preview",
        ),
    )
    html = page.content.decode()
    assert "It goes to 3 people." in html
    assert "Tuo läppäri (Lahti PLE)" in html and "Tuo kannettava." in html
    preview = html[html.index('id="preview"') :]
    assert '<dl lang="fi">' in preview
    assert "Not bold" not in preview  # the Finnish text is previewed, not the English
    assert "@example.org" not in html
    assert 'name="send"' in html
    assert EventMessage.objects.count() == 0 and not OutboxEmail.objects.exists()


def test_preview_escapes_markup(host_client, event):
    RegistrationFactory(event=event)
    page = host_client.post(message_url(event), {**message_data(), "preview": "Preview"})
    html = page.content.decode()
    assert "&lt;b&gt;Not bold&lt;/b&gt;" in html and "<b>Not bold</b>" not in html


def test_send_only_what_was_previewed_and_only_once(
    host_client, event, django_capture_on_commit_callbacks
):
    RegistrationFactory(event=event)
    page = host_client.post(message_url(event), {**message_data(), "preview": "Preview"})
    html = page.content.decode()
    hidden = {
        name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1)
        for name in ("send_key", "previewed")
    }
    changed = host_client.post(
        message_url(event), {**message_data(body_en="Something else"), **hidden, "send": "Send"}
    )
    assert changed.status_code == 200
    assert "The message changed after its preview" in changed.content.decode()
    assert not EventMessage.objects.exists()

    for _click in range(2):  # a double click
        with django_capture_on_commit_callbacks(execute=True):
            response = host_client.post(
                message_url(event), {**message_data(), **hidden, "send": "Send"}
            )
        assert response.status_code == 302
    assert EventMessage.objects.count() == 1
    assert len(mail.outbox) == 1
    page = host_client.get(message_url(event)).content.decode()
    assert "already sent" in page


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"subject_en": "x" * 151}, "subject_en", "at most 150 characters"),
        ({"body_en": "x" * 5001}, "body_en", "at most 5000 characters"),
        ({"subject_en": ""}, "subject_en", "Write a subject in English."),
        ({"groups": []}, "groups", "Choose at least one group."),
        ({"subject_fi": "Vain otsikko"}, "body_fi", "Write the text too"),
        ({"body_en": "bell\x07"}, "body_en", "Please use plain text only."),
    ],
)
def test_invalid_message_shows_errors_next_to_fields_and_keeps_input(
    host_client, event, overrides, field, error
):
    RegistrationFactory(event=event)
    data = {**message_data(**overrides), "preview": "Preview"}
    page = host_client.post(message_url(event), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert error in html
    assert 'class="errornote"' in html
    # The error list sits in the field's row, right before it.
    row = re.search(
        rf'<div class="form-row errors">\s*<ul class="errorlist"[^>]*>.*?</ul>\s*'
        rf'<div class="flex-container"><label for="id_{field}"',
        html,
        re.S,
    )
    if field != "groups":
        assert row, html
    assert "Bring your laptop" in html or overrides.get("subject_en") is not None
    assert 'name="send"' not in html
    assert not EventMessage.objects.exists()


def test_daily_limit_gives_a_clear_error(
    settings, host_client, event, django_capture_on_commit_callbacks
):
    settings.EVENTS_MESSAGES_PER_DAY = 1
    RegistrationFactory(event=event)
    preview_then_send(host_client, event, message_data(), django_capture_on_commit_callbacks)
    page = host_client.post(message_url(event), {**message_data(), "preview": "Preview"})
    assert page.status_code == 400
    assert "already received the most messages allowed in 24 hours" in page.content.decode()
    with pytest.raises(services.MessageError) as error:
        services.event_message_send(
            event_id=event.pk,
            author=None,
            groups=["confirmed"],
            texts={"subject_en": "s", "body_en": "b"},
            send_key="another",
        )
    assert error.value.code == "too_many"
    # A day later the limit is free again.
    assert services.event_message_send(
        event_id=event.pk,
        author=None,
        groups=["confirmed"],
        texts={"subject_en": "s", "body_en": "b"},
        send_key="later",
        now=timezone.now() + datetime.timedelta(days=1, minutes=1),
    ).sent_now


def test_nobody_in_the_groups_is_an_error(host_client, event):
    RegistrationFactory(event=event, status=S.CONFIRMED)
    page = host_client.post(
        message_url(event), {**message_data(groups=["waitlisted"]), "preview": "Preview"}
    )
    assert page.status_code == 400
    assert "Nobody is in the chosen groups." in page.content.decode()


def test_partner_editor_cannot_message_another_partners_event(
    client, host_client, event, other, django_capture_on_commit_callbacks
):
    foreign = EventFactory(host=other)
    RegistrationFactory(event=foreign)
    assert host_client.get(message_url(foreign)).status_code == 404
    assert host_client.post(message_url(foreign), message_data()).status_code == 404
    foreign_message = services.event_message_send(
        event_id=foreign.pk,
        author=None,
        groups=["confirmed"],
        texts={"subject_en": "Foreign news", "body_en": "b"},
        send_key="f",
    ).message
    RegistrationFactory(event=event)
    services.event_message_send(
        event_id=event.pk,
        author=None,
        groups=["confirmed"],
        texts={"subject_en": "Own news", "body_en": "b"},
        send_key="o",
    )
    changelist = host_client.get(reverse("admin:events_eventmessage_changelist"))
    assert "Own news" in changelist.content.decode()
    assert "Foreign news" not in changelist.content.decode()
    change = reverse("admin:events_eventmessage_change", args=[foreign_message.pk])
    assert host_client.get(change).status_code == 302  # not found: back to the list

    lead_user = staff_user(PartnerFactory(slug="lead", role=Partner.Role.LEAD))
    client.force_login(lead_user)
    page = client.get(reverse("admin:events_eventmessage_changelist")).content.decode()
    assert "Own news" in page and "Foreign news" in page
    assert client.get(change).status_code == 200
    assert client.get(message_url(foreign)).status_code == 200


def test_staff_who_may_edit_the_event_but_not_write_messages_get_403(client, host, event):
    user = staff_user(host, "no-messages")
    user.groups.clear()
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="events", codename__in=["view_event", "change_event"]
        )
    )
    client.force_login(user)
    assert client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 200
    assert client.get(message_url(event)).status_code == 403
    assert client.post(message_url(event), message_data()).status_code == 403


def test_english_is_required_by_the_service_too(event):
    RegistrationFactory(event=event)
    with pytest.raises(ValidationError):
        services.event_message_send(
            event_id=event.pk,
            author=None,
            groups=["confirmed"],
            texts={"subject_fi": "Vain suomeksi", "body_fi": "Teksti"},
            send_key="fi-only",
        )
    assert not EventMessage.objects.exists() and not OutboxEmail.objects.exists()


def test_message_admin_is_read_only(client, event):
    RegistrationFactory(event=event)
    message = services.event_message_send(
        event_id=event.pk,
        author=None,
        groups=["confirmed", "attended"],
        texts={"subject_en": "Kept", "body_en": "As sent"},
        send_key="k",
    ).message
    lead_user = staff_user(PartnerFactory(slug="lead", role=Partner.Role.LEAD))
    client.force_login(lead_user)
    page = client.get(reverse("admin:events_eventmessage_change", args=[message.pk]))
    html = page.content.decode()
    assert "As sent" in html and "Confirmed participants, Attended" in html
    assert 'name="subject_en"' not in html  # shown, not editable
    assert client.get(reverse("admin:events_eventmessage_add")).status_code == 403
    delete = reverse("admin:events_eventmessage_delete", args=[message.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert EventMessage.objects.filter(pk=message.pk).exists()


def test_tools_link_to_the_message_page(host_client, event):
    changelist = host_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert message_url(event) in changelist
    change = host_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert message_url(event) in change.content.decode()


def test_message_page_queries_are_constant(host_client, event, django_assert_max_num_queries):
    def load():
        return host_client.get(message_url(event))

    RegistrationFactory(event=event)
    services.event_message_send(
        event_id=event.pk,
        author=None,
        groups=["confirmed"],
        texts={"subject_en": "s", "body_en": "b"},
        send_key="q0",
    )
    with django_assert_max_num_queries(40) as small:
        load()
    for n in range(30):
        RegistrationFactory(event=event, status=S.CONFIRMED if n % 2 else S.WAITLISTED)
    for n in range(1, 10):
        EventMessage.objects.create(
            event=event, subject_en=f"s{n}", body_en="b", groups=["active"], send_key=f"q{n}"
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        load()
