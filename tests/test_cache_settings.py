"""The caches apart (page entries cannot evict rate-limit counters) and the release key."""

import json
import shutil
from pathlib import Path

import pytest

from core.release import code_release
from tests.test_settings import manage

SHOW_CACHES = (
    "import json; from django.conf import settings; "
    "print(json.dumps({alias: c.get('LOCATION', '') for alias, c in settings.CACHES.items()}))"
)


def caches_with(**variables):
    result = manage("shell", "-c", SHOW_CACHES, DJANGO_DEBUG="1", **variables)
    return result, (json.loads(result.stdout.splitlines()[-1]) if result.returncode == 0 else None)


def test_pages_get_their_own_redis_database_by_default():
    _result, caches = caches_with(REDIS_URL="redis://cache.internal:6379/2")
    assert caches == {
        "default": "redis://cache.internal:6379/2",
        "pages": "redis://cache.internal:6379/3",
    }
    _result, caches = caches_with(REDIS_URL="rediss://user:secret@cache.internal:6380")
    assert caches["pages"] == "rediss://user:secret@cache.internal:6380/1"


def test_redis_pages_url_names_the_page_cache():
    _result, caches = caches_with(
        REDIS_URL="redis://cache.internal:6379/0", REDIS_PAGES_URL="redis://pages.internal:6379/0"
    )
    assert caches == {
        "default": "redis://cache.internal:6379/0",
        "pages": "redis://pages.internal:6379/0",
    }


@pytest.mark.parametrize(
    "variables",
    [
        {
            "REDIS_URL": "redis://cache.internal:6379/0",
            "REDIS_PAGES_URL": "redis://cache.internal:6379/0",
        },
        {"REDIS_URL": "unix:///run/redis.sock?db=0"},
    ],
)
def test_the_page_cache_never_shares_the_rate_limits_database(variables):
    result, _caches = caches_with(**variables)
    assert result.returncode != 0
    assert "REDIS_PAGES_URL" in result.stderr


def test_without_redis_each_cache_is_its_own_memory():
    _result, caches = caches_with()
    assert caches["default"] != caches["pages"]


def test_the_code_release_changes_with_a_template(tmp_path):
    root = Path(__file__).resolve().parent.parent
    copy = tmp_path / "portal"
    (copy / "templates").mkdir(parents=True)
    shutil.copy(root / "templates" / "base.html", copy / "templates" / "base.html")
    (copy / "media").mkdir()
    before = code_release(copy)
    (copy / "media" / "upload.html").write_text("an upload is not code")
    assert code_release(copy) == before
    template = copy / "templates" / "base.html"
    template.write_text(template.read_text() + "<!-- changed -->")
    assert code_release(copy) != before
