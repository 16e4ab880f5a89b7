"""Settings of the Next2Met portal: one module, configured by the environment.

Production is the default: ``DJANGO_DEBUG`` is off unless set, and then a secret key
and the allowed hosts must come from the environment. ``make run`` and the tooling
commands of the Makefile and CI turn debug on; the test suite sets its environment in
``tests/settings.py``. Nothing here looks at how the process was started.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# Required unless debug is on (local development and tooling: `make run`, `make messages`,
# `makemigrations --check`); `check --deploy` flags the placeholder (security.W009).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only-" + "x" * 20  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# A translated page instead of Django's technical one (a stale form, cookies off).
CSRF_FAILURE_VIEW = "next2met.views.csrf_failure"

INSTALLED_APPS = [
    # modeltranslation must come before the admin (it patches admin classes).
    "modeltranslation",
    # The admin site with the two-factor login (next2met/admin_site.py).
    "next2met.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "csp",
    # Before django_tasks_db: core's db_worker (the library's, which first recovers the
    # tasks a killed worker left running) replaces the library's under the same name.
    "core",
    "django_tasks",
    "django_tasks_db",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Single-use recovery codes, for a staff user who has lost their phone.
    "django_otp.plugins.otp_static",
    "auditlog",
    "next2met",
    "partners",
    "events",
    "goodpractices",
    "news",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Their headers go on every response, cached pages included.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A cached public page is answered here, before the session, auth and the rest.
    "core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before CommonMiddleware, so that APPEND_SLASH redirects keep the language prefix.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.AdminResponseHeadersMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "next2met.urls"
WSGI_APPLICATION = "next2met.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "core.context_processors.page_languages",
            ],
            # Django's `date` filter, writing each language's dates as CLDR does.
            "builtins": ["core.templatetags.dates"],
        },
    },
]

# --- Database ---------------------------------------------------------------
# SQLite by default (make run, make test); PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing
    # with "database is locked" half-way; WAL lets readers go on while one writes.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages --------------------------------------------------------------
# Never read from the environment: modeltranslation turns this list into columns.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fi", _("Finnish")),
    ("de", _("German")),
    ("pl", _("Polish")),
    ("es", _("Spanish")),
    ("ca", _("Catalan")),
    ("it", _("Italian")),
    ("fr", _("French")),
]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Helsinki"
USE_THOUSAND_SEPARATOR = True
FORMS_URLFIELD_ASSUME_HTTPS = True  # the Django 6.0 default
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["next2met.formats"]
# django-countries' Catalan calls Ireland "Illa d'Irlanda" (the island); the portal's own
# catalogues, read first, give the state's name ("Irlanda"). Same msgid as django-countries,
# so a language without an entry keeps django-countries' name.
COUNTRIES_OVERRIDE = {
    # Translators: the country (the state), as in a list of countries.
    "IE": _("Ireland"),
}

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
# Served by the portal itself (npm jquery-ui); the package default is Google's CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static and media files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist" / "css"),
    ("vendor/jquery-ui", BASE_DIR / "node_modules" / "jquery-ui" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# The portal serves uploads itself, with safe headers (core.uploads.serve_media),
# unless the reverse proxy does (README, Production): then set DJANGO_SERVE_MEDIA=0.
PORTAL_SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # Hashed names (cached forever) and gzip/brotli copies, made by collectstatic.
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Background tasks and events ---------------------------------------------
# Emails go out from a worker (`manage.py db_worker`); tests run tasks at once.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}
# The public address: absolute links in emails, calendar files, exports and the
# accessibility statement. `make run` sets it from its HOST and PORT.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
PORTAL_CALENDAR_DOMAIN = os.environ.get("PORTAL_CALENDAR_DOMAIN", "next2met.eu")
# Shown on the privacy notice and the accessibility statement: set them to the lead
# partner's real mailboxes (the data-protection officer; the accessibility feedback).
PORTAL_PRIVACY_CONTACT = os.environ.get("PORTAL_PRIVACY_CONTACT", "tietosuoja@paijat-hame.fi")
PORTAL_ACCESSIBILITY_CONTACT = os.environ.get(
    "PORTAL_ACCESSIBILITY_CONTACT", "saavutettavuus@paijat-hame.fi"
)
EVENTS_CONFIRM_HOURS = 48  # a pending registration holds its seat this long
# How long a registration waits for the event's lock before asking the person to resend.
EVENTS_LOCK_TIMEOUT_SECONDS = float(os.environ.get("EVENTS_LOCK_TIMEOUT_SECONDS", "3"))
EVENTS_CONFIRM_LINK_DAYS = 7
EVENTS_EMAIL_RETRY_SECONDS = 60  # first retry of a failed email; doubles each time
# How long a worker that took an email may take to send it before the email is sent
# again (core/outbox.py: it bounds when an email whose worker died goes out).
OUTBOX_LEASE_SECONDS = 600
EVENTS_MIN_FORM_SECONDS = float(os.environ.get("EVENTS_MIN_FORM_SECONDS", "3"))
# A registration form older than this is refused (and shown again with a fresh token).
EVENTS_FORM_MAX_AGE_SECONDS = int(os.environ.get("EVENTS_FORM_MAX_AGE_SECONDS", str(12 * 3600)))
EVENTS_REGISTRATION_RATE = os.environ.get("EVENTS_REGISTRATION_RATE", "20/h")
# How many messages the organisers may send to one event's registrants in 24 hours.
EVENTS_MESSAGES_PER_DAY = int(os.environ.get("EVENTS_MESSAGES_PER_DAY", "3"))
# How many contact details one network may reveal on the contact page (next2met.views).
CONTACT_REVEAL_RATE = os.environ.get("CONTACT_REVEAL_RATE", "30/h")


def _pages_redis_url(redis_url: str) -> str:
    """REDIS_URL with the next database number: pages apart from the rate limits."""
    parts = urlsplit(redis_url)
    number = parts.path.strip("/") or "0"
    if parts.scheme not in ("redis", "rediss") or not number.isdigit() or "db=" in parts.query:
        raise ImproperlyConfigured(
            "Set REDIS_PAGES_URL: the page cache's database cannot be derived from REDIS_URL."
        )
    return urlunsplit(parts._replace(path=f"/{int(number) + 1}"))


# Rate limits count in the default cache and public pages are kept in "pages": set
# REDIS_URL when several app servers run, so that they share both. Without it each
# process keeps its own; pages are still never stale (see core/pagecache.py). With
# Redis the pages live in their own database (REDIS_PAGES_URL, by default REDIS_URL's
# database number + 1), so that a flood of distinct searches, evicting pages, can
# never evict a rate-limit counter, nor the reverse.
if os.environ.get("REDIS_URL"):
    REDIS_LOCATIONS = {
        "default": os.environ["REDIS_URL"],
        "pages": os.environ.get("REDIS_PAGES_URL") or _pages_redis_url(os.environ["REDIS_URL"]),
    }
    if REDIS_LOCATIONS["pages"] == REDIS_LOCATIONS["default"]:
        raise ImproperlyConfigured("REDIS_PAGES_URL must name another database than REDIS_URL.")
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"n2m-{alias}",
        }
        for alias, location in REDIS_LOCATIONS.items()
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("DJANGO_PAGE_CACHE_ENTRIES", "2000"))},
        },
    }
# The longest a cached public page is kept. Edits show at once (versions), changes by
# the clock when they happen (deadlines, see core/pagecache.py); this bounds what
# neither follows. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
# The release (code) id in every cached page's key, so that a deploy never serves pages
# rendered by old templates; empty: a hash of the code (see core/release.py).
PORTAL_RELEASE = os.environ.get("PORTAL_RELEASE", "")
# The client address for rate limits and login throttling (core/client_ip.py):
# REMOTE_ADDR, or behind the proxy the one entry it appended to X-Forwarded-For.
RATELIMIT_IP_META_KEY = "core.client_ip.client_ip"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Next2Met <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security: headers, TLS, cookies -----------------------------------------
# A page may load only what the portal serves itself. No page has an inline script or
# style (the admin included: tests/browser/test_security.py), so none is allowed; one
# that must be inline would take a nonce (csp.context_processors.nonce), on a page that
# is not cached for everyone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap's CSS draws its icons (selects, checkboxes) from data: URLs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Only staff have sessions: a working day, not Django's two weeks.
SESSION_COOKIE_AGE = 8 * 3600
# Host-prefixed cookies need Secure, which plain-HTTP development (make run) lacks.
# The test suite keeps them: its browser is Chromium, which counts localhost as secure.
COOKIE_HOST_PREFIX = env_bool("DJANGO_COOKIE_HOST_PREFIX", default=not DEBUG)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
if COOKIE_HOST_PREFIX:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto and appends the client
# address to X-Forwarded-For (and strips both from clients). Never set it otherwise:
# anyone could then claim https and any address.
# Only with a proxy of ours in front that overwrites X-Forwarded-Proto and appends the
# client's address to X-Forwarded-For (deploy/nginx.conf sets both): otherwise a client
# could claim any address and get past the rate limits. The header is read only on
# connections from DJANGO_TRUSTED_PROXIES (addresses or networks, comma-separated).
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY")
TRUSTED_PROXIES = [
    net.strip()
    for net in os.environ.get("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
    if net.strip()
]
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Security: admin login, two-factor, audit trail ----------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Kept so that older hashes still verify, and are upgraded to Argon2 at login.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock out a username from one address, never a whole office behind one NAT address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
# Our own page for every lockout: translated, 429, and no CORS header (axes adds one
# to its JSON answer for XMLHttpRequest).
AXES_LOCKOUT_CALLABLE = "next2met.admin_site.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
# Login records hold addresses: housekeeping deletes older ones.
AXES_LOG_RETENTION_DAYS = int(os.environ.get("DJANGO_AXES_LOG_RETENTION_DAYS", "90"))
# Every staff user must log in with a code (those without a device enrol first).
ADMIN_REQUIRE_2FA = env_bool("DJANGO_ADMIN_REQUIRE_2FA")
OTP_TOTP_ISSUER = "Next2Met"
# How many recovery codes a staff user gets (each works once; new ones replace them all).
ADMIN_RECOVERY_CODES = 10
# Password reset requests, per client address and per email address (next2met/accounts.py).
ADMIN_PASSWORD_RESET_RATE = os.environ.get("ADMIN_PASSWORD_RESET_RATE", "5/h")
# How long the set-password link of an invitation to a new editor works.
INVITE_TIMEOUT_DAYS = 7
# Who changed what in the admin: the editable content, never a registrant's details.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "partners",
    "goodpractices",
    "reporting",
    "events.Event",
    "events.Session",
    "events.Material",
    # events.Registration registers itself (events/apps.py), leaving out the personal
    # fields of its privacy inventory.
)
AUDITLOG_DISABLE_REMOTE_ADDR = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
