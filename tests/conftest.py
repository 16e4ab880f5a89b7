import pytest
from django.core.cache import caches
from django.utils import translation


@pytest.fixture(autouse=True)
def _portal_test_settings(settings, tmp_path):
    # Production settings, minus what needs TLS, real mail or a slow hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _reset_language():
    # An activated language leaks between tests in the same thread (pretix does the same).
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _empty_caches():
    # The page cache and the rate limits live in per-process memory in tests.
    for cache in caches.all():
        cache.clear()
