"""Settings for the WECD portal, in one module driven by environment variables.

Every value has a safe local default so that ``make run`` works on a bare machine;
a deployment that sets ``DJANGO_ENV=production`` must provide its secrets, hosts
and mail server.
See the README for the list of variables.
"""

import hashlib
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    """Return ``DJANGO_<name>`` or, failing that, ``<name>`` from the environment."""
    return os.environ.get(f"DJANGO_{name}", os.environ.get(name, default))


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def local_secret_key(path):
    """The key kept in ``path``, made there first if there is none.

    A local key is generated once and kept in an ignored file, so that sessions
    survive restarts without anyone having to invent a secret. The app server's
    processes start at once: the key is written aside and linked into place, which
    fails if another process was first, so that every process reads the same key.
    """
    if not path.exists():
        draft = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


# --- Deployment --------------------------------------------------------------

IS_PRODUCTION = env("ENV", "local").lower() == "production"
DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    SECRET_KEY = local_secret_key(BASE_DIR / ".secret_key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Applications ------------------------------------------------------------

INSTALLED_APPS = [
    # Translated content columns (practices/translation.py); before the admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles so that runserver serves files the way gunicorn does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Full-text and trigram search lookups on PostgreSQL (inert on SQLite).
    "django.contrib.postgres",
    # Templates of the sitemap index (opendata).
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "django_tasks_db",
    "django_countries",
    "accounts",
    "practices",
    "pages",
    "following",
    "messaging",
    "publishing",
    "opendata",
    "discovery",
    "transfers",
    "evidence",
    "policies",
]

MIDDLEWARE = [
    # First: an anonymous reader's page is kept as it was sent, every header
    # (security ones included) and compression too, and served skipping all
    # that follows. Its key carries the scheme, so a plain-HTTP request still
    # meets the HTTPS redirect; requests with a body are never served from it.
    "practices.cache.AnonymousPageCacheMiddleware",
    "wecd_portal.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wecd_portal.middleware.SecurityHeadersMiddleware",
    # Straight after security, so static files skip the rest of the stack; they
    # are compressed ahead of time (CompressedManifestStaticFilesStorage).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (it may read the language from them), before common.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (it reads request.user); it sees the response after
    # every view and inner middleware, the 503 page included.
    "wecd_portal.middleware.PrivateForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so that it sees the views' database errors first.
    "wecd_portal.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "wecd_portal.urls"
WSGI_APPLICATION = "wecd_portal.wsgi.application"

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
                "pages.context_processors.identity",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves gunicorn's workers and db_worker at once.
    # WAL: readers never wait for the writer, nor the writer for readers.
    # IMMEDIATE: a transaction takes the write lock when it begins, so two
    # writers queue (for up to ``timeout`` seconds) instead of one failing with
    # "database is locked" (a 503, see DatabaseUnavailableMiddleware) when a
    # read inside its transaction turns into a write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(env("SQLITE_TIMEOUT", "20")),
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A search with text and filters ANDs two index bitmaps; with PostgreSQL's
    # default 4 MB they turn lossy past a few hundred thousand practices, and
    # every row of the lossy pages is checked again: at a million practices,
    # 145 ms instead of 40 (docs/capacity.md). Per sort or bitmap of a query.
    # JIT compiling pays for queries of seconds; a search's facet counts at a
    # million practices cross its cost threshold and spent 65 ms of their
    # 440 compiling (docs/capacity.md): off, as for most web applications.
    DATABASES["default"]["OPTIONS"] = {
        "options": (
            f"-c work_mem={env('DATABASE_WORK_MEM', '32MB')} "
            f"-c jit={env('DATABASE_JIT', 'off')}"
        ),
        **DATABASES["default"].get("OPTIONS", {}),
    }

# --- Cache and sessions ------------------------------------------------------

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # Several app servers share one Redis: cached pages, rate limits, sessions.
    CACHES = {
        "default": {
            "BACKEND": "wecd_portal.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "wecd"),
        }
    }
else:
    # One machine: a file cache that the server's worker processes share, so that
    # a change made through one worker invalidates the pages the others serve.
    # Its keys name the database: a checkout serving its SQLite demo after a
    # benchmark on PostgreSQL must not show that database's counts and pages.
    _database = DATABASES["default"]
    _database_name = (
        f"{_database['ENGINE']}|{_database.get('HOST')}|{_database['NAME']}"
    )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", BASE_DIR / ".cache"),
            "KEY_PREFIX": hashlib.sha256(_database_name.encode()).hexdigest()[:16],
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }


def process_memory(name, max_entries):
    """A cache in each process's own memory.

    Its keys carry generations read from the shared cache above, so a change
    made through any app server retires its entries everywhere at once.
    """
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": name,
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


# Public objects read for a page (practices.cache.cached_public_object), such as a
# practice with its topics and counts: a few KB each.
CACHES["public_objects"] = process_memory("public-objects", 2000)
# The public text of the pages signed-in readers see (see ReaderPartsMixin): a
# page is 5 to 40 KB, so at most about 10 MB a process.
CACHES["page_text"] = process_memory("page-text", 300)
# Anonymous readers' whole pages, before the shared cache: 7 to 30 KB each
# (compressed or not), so at most about 40 MB a process. With 500, a load reading
# 1,000 practices (make bench-mixed) took one page in seven from Redis.
CACHES["anonymous_pages"] = process_memory("anonymous-pages", 2000)
# Per signed-in member: their account (about 2 KB, accounts.backends), what they
# see of a practice beyond its public page (ExpertOpinion.objects.for_reader) and
# their parts of a page (ReaderPartsMixin.reader_parts, 2 to 8 KB).
CACHES["signed_in"] = process_memory("signed-in", 5000)
# A signed-in request reads its session from the cache; the database behind it
# keeps sessions through a cache flush.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Anonymous pages are kept this long at most; any change invalidates them sooner.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "3600"))
# An anonymous page may lag a change made through another process by this much:
# each process reads the log of changes this often at most
# (practices.cache.recent_generations); nginx's micro-cache lets it lag 5 s.
ANONYMOUS_GENERATION_SECONDS = float(env("ANONYMOUS_GENERATION_SECONDS", "1"))
# Cache layers to switch off (pages, page_text, objects, aggregates,
# related, memory: processes' own memory before the shared cache, members: signed-in
# members and their view of a page kept in memory): for bench/layers.sh, which
# measures what each earns. All on by default.
CACHE_LAYERS_OFF = set(env_list("CACHE_LAYERS_OFF"))
# How long counts over every practice (facets, home) are kept at most: a count
# may lag a change by this much; the practices listed never do.
AGGREGATE_CACHE_SECONDS = int(env("AGGREGATE_CACHE_SECONDS", "60"))
# A list, search or home page kept from before a change is still served for
# up to this long after it was rendered, and then while one request renders it
# again (practices.cache.lookup): with edits a second apart, lists would
# otherwise be rendered again all the time. A practice's own page never lags.
LIST_STALE_SECONDS = float(env("LIST_STALE_SECONDS", "5"))
# How long the words of every practice are kept for typo correction at most.
VOCABULARY_CACHE_SECONDS = int(env("VOCABULARY_CACHE_SECONDS", "3600"))
# A page whose reader slots and reader parts disagree (practices.cache) is an
# error here and in the tests; in production it is rendered whole instead.
READER_SLOTS_STRICT = env_bool("READER_SLOTS_STRICT", default=DEBUG)
# How long the ranking of a practice's related practices is kept.
RELATED_CACHE_SECONDS = int(env("RELATED_CACHE_SECONDS", "3600"))

# --- Accounts ----------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
# How long a process keeps a signed-in member at most (accounts.backends); a
# save of the account reaches it at once. 0: loaded from the database each time.
SIGNED_IN_USER_SECONDS = int(env("SIGNED_IN_USER_SECONDS", "300"))
AUTHENTICATION_BACKENDS = [
    "accounts.backends.AccountBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
# The portal's name in each language (pages, titles, e-mails), see pages/identity.py.
PORTAL_NAME = {
    "en": env("PORTAL_NAME_EN", "Good Practice Portal"),
    "fr": env("PORTAL_NAME_FR", "Portail des bonnes pratiques"),
}
# Who runs the portal: named in the footer, the privacy and accessibility pages.
# The defaults say honestly that this is a demonstration.
PORTAL_PUBLISHER = env(
    "PORTAL_PUBLISHER", "The Good Practice Portal demonstration team"
)
PORTAL_CONTACT_EMAIL = env("PORTAL_CONTACT_EMAIL", "contact@portal.example.org")
PORTAL_ACCESSIBILITY_EMAIL = env(
    "PORTAL_ACCESSIBILITY_EMAIL", "accessibility@portal.example.org"
)
PORTAL_DATA_CONTROLLER = env(
    "PORTAL_DATA_CONTROLLER", "The Good Practice Portal demonstration team"
)
PORTAL_DATA_CONTROLLER_EMAIL = env(
    "PORTAL_DATA_CONTROLLER_EMAIL", "privacy@portal.example.org"
)
# allauth's own e-mails; the portal's other e-mails use the reader's language
# (pages.identity.email_subject_prefix), as does the adapter.
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{PORTAL_NAME['en']}] "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    name: f"accounts.allauth_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "change_password": "ChangePasswordForm",
        "add_email": "AddEmailForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}

# --- Accounts: rate limits ---------------------------------------------------
# allauth's defaults apply to every action not listed; these are spelt out because
# the portal relies on them: failed logins are throttled per address and per IP,
# and sign-up and reset cannot be used to flood a mailbox. allauth answers a
# limit with the portal's 429 page.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}

# --- E-mail ------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", f"{PORTAL_NAME['en']} <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
email_host = env("EMAIL_HOST", "")
# Backends that deliver nothing: fine on a laptop, never in production, where
# they would print password-reset links into the log.
NON_DELIVERING_BACKENDS = {
    f"django.core.mail.backends.{name}.EmailBackend"
    for name in ("console", "dummy", "filebased", "locmem")
}
if IS_PRODUCTION:
    if not email_host and not env("EMAIL_BACKEND"):
        raise ImproperlyConfigured("DJANGO_EMAIL_HOST must be set in production.")
    if env("EMAIL_BACKEND") in NON_DELIVERING_BACKENDS:
        raise ImproperlyConfigured(
            "DJANGO_EMAIL_BACKEND must deliver e-mails in production."
        )
MAILERS = {
    "default": {
        # Without a mail server, e-mails are printed to the server's console.
        "BACKEND": env(
            "EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if email_host
            else "django.core.mail.backends.console.EmailBackend",
        ),
        "OPTIONS": {
            "host": email_host,
            "port": int(env("EMAIL_PORT", "25")),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
            "timeout": int(env("EMAIL_TIMEOUT", "10")),
        }
        if email_host
        else {},
    }
}

# --- Messages to authors -----------------------------------------------------
# How many messages one person may send, per hour and per day, on all servers.
CONTACT_RATE_LIMITS = {
    "hour": int(env("CONTACT_LIMIT_PER_HOUR", "5")),
    "day": int(env("CONTACT_LIMIT_PER_DAY", "20")),
}

# --- Background tasks --------------------------------------------------------
# E-mails and notices are sent by Django's tasks, stored in the database and run by
# a separate worker process (`manage.py db_worker`, started by `make run`).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "mail"],
    }
}

# --- Following: notices to followers -----------------------------------------
# Links in e-mails are absolute: workers have no request to take the host from.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", "http://localhost:8000")
# Unsubscribe links in notice e-mails stay valid this long (seconds).
UNSUBSCRIBE_TOKEN_MAX_AGE = int(
    env("UNSUBSCRIBE_TOKEN_MAX_AGE", str(60 * 24 * 60 * 60))
)

# --- Internationalisation ----------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content in both languages (practices/translation.py): each translated field
# has a column per language; a reader gets theirs, else the other one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "fr")}
# One date style per language: "1 November 2026", "1 novembre 2026".
FORMAT_MODULE_PATH = ["wecd_portal.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

# --- Static files ------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
# Uploaded documents; never served from here directly (evidence's download view
# checks who may see them). Several app servers must share it (NFS), or use
# django-storages through STORAGES["default"] (see README, "Evidence").
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Security ----------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)
CSRF_FAILURE_VIEW = "pages.views.csrf_failure"
# A form larger than this is refused with a 413.
MAX_REQUEST_BODY_BYTES = int(env("MAX_REQUEST_BODY_BYTES", str(256 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
# Django's default, spelt out: the largest wizard step (50 partners) sends about
# 500 fields; more is refused with a 400 (tests/publishing/test_formset_limits.py).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# Except the pages that take files (evidence's documents): up to 20 MB a file.
MAX_UPLOAD_BODY_BYTES = int(env("MAX_UPLOAD_BODY_BYTES", str(21 * 1024 * 1024)))
UPLOAD_PATH_PATTERN = r"^/(?:[a-z]{2}/)?evidence/[0-9]+/documents/$"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 14 * 24 * 3600
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# --- Privacy -----------------------------------------------------------------

# How long personal data is kept, as the privacy page states.
RETENTION_DAYS = {
    "messages": int(env("RETENTION_MESSAGES_DAYS", "365")),
    "logs": int(env("RETENTION_LOGS_DAYS", "30")),
}

# --- Logging -----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
