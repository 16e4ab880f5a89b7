"""SEC-20/21: Argon2 first, PBKDF2 hashes upgraded, and the password rules."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from next2met import settings as portal_settings

pytestmark = pytest.mark.django_db


def test_new_passwords_are_hashed_with_argon2():
    with override_settings(PASSWORD_HASHERS=portal_settings.PASSWORD_HASHERS):
        assert make_password("a long passphrase here").startswith("argon2$")


def test_an_old_pbkdf2_hash_is_upgraded_at_login(client):
    with override_settings(PASSWORD_HASHERS=portal_settings.PASSWORD_HASHERS):
        user = get_user_model().objects.create_user("old", is_staff=True)
        user.password = make_password("a long passphrase here", hasher="pbkdf2_sha256")
        user.save()
        response = client.post(
            "/admin/login/", {"username": "old", "password": "a long passphrase here"}
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.password.startswith("argon2$")


@pytest.mark.parametrize(
    "password",
    ["elevenchars", "password1234", "384920174639", "aino.virtanen.x"],
    ids=["too short", "common", "all digits", "like the username"],
)
def test_weak_passwords_are_rejected(password):
    user = get_user_model()(username="aino.virtanen", email="aino.virtanen@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_passphrase_of_lowercase_words_is_accepted():
    user = get_user_model()(username="aino.virtanen")
    validate_password("lake birch sauna", user)  # no composition rules
