"""The portal's own settings, plus a bare Django view for the page benchmark.

Only ``bench/pages.py`` uses this module: nothing of it ships in the portal's URLs.
"""

from next2met.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
