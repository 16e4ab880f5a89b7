"""Static files as production serves them: collected, hashed, compressed, through WhiteNoise."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings

FOREVER = "max-age=315360000, public, immutable"
PRODUCTION_STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic into a temporary STATIC_ROOT with the production storage."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=StringIO())
        yield root


@pytest.fixture
def production_static(collected):
    # WhiteNoise indexes STATIC_ROOT when the middleware is built: on the client's first request.
    with override_settings(STATIC_ROOT=collected, STORAGES=PRODUCTION_STORAGES):
        yield Client()


def test_hashed_file_is_cached_forever(production_static):
    url = staticfiles_storage.url("css/portal.css")
    assert url != "/static/css/portal.css"  # the name carries the content's hash
    response = production_static.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == FOREVER


def test_file_under_its_plain_name_is_not_cached_forever(production_static):
    response = production_static.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]


def test_compressed_copy_is_served_to_a_client_that_accepts_it(production_static):
    url = staticfiles_storage.url("css/portal.css")
    response = production_static.get(url, headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    plain = production_static.get(url)
    assert int(response["Content-Length"]) < int(plain["Content-Length"])


def test_pages_link_the_hashed_names(production_static, db):
    html = production_static.get("/en/events/").content.decode()
    assert staticfiles_storage.url("css/portal.css") in html
