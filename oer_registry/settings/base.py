"""Settings shared by every environment. Environment modules import * from here."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from pathlib import Path

from .env import (
    database_from_env,
    elasticsearch_url_from_env,
    env_bool,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "oer_registry"
VAR_DIR = Path(env_str("OER_VAR_DIR", str(BASE_DIR / "var")))
# The embedded SQLite database and FTS5 index live here: make sure it exists (a read-only
# deployment that points everything elsewhere may not be able to create it).
with contextlib.suppress(OSError):
    VAR_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "catalog.licenses",
    "catalog.materials",
    "catalog.standards",
    "catalog.pages",
    "catalog.lists",
    "catalog.oai",
    "catalog.teachers",
    "catalog.lti",  # the LTI 1.3 tool (/lti/)
    "harvesters",
    "search",
    "oer_registry",  # project-wide commands (task_worker)
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (compressed, hashed names cached for good) straight from the WSGI process.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Errors under /api/ as JSON, in every setting (wraps everything below it).
    "oer_registry.api_errors.ApiErrorsMiddleware",
    # A path holding NUL or control characters is a 400 before any lookup (path_guard.py).
    "oer_registry.path_guard.ControlCharacterPathMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy header (django-csp), configured in CONTENT_SECURITY_POLICY below.
    "oer_registry.csp.SiteCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
    # After every process_view (it runs the view itself): a write that meets SQLite's
    # "database is locked" is retried in one transaction, else a 503 (oer_registry/db_retry.py).
    # It adds no response handling, so AxesMiddleware still sees every response last.
    "oer_registry.db_retry.SQLiteLockRetryMiddleware",
]

# Content-Security-Policy (django-csp): no inline script and no eval anywhere on the public
# site, so an injected <script> or on…= attribute does not run. Our scripts are files under
# static/; JSON for scripts goes in <script type="application/json"> (json_script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
# The Wagtail admin (and our staff screens under it) adds to that policy what Wagtail itself
# needs: its own inline scripts and the new-version check (oer_registry/csp.py).
CONTENT_SECURITY_POLICY_ADMIN = {
    "PREFIXES": ["/admin/"],
    "UPDATE": {
        "script-src": ["'unsafe-inline'"],
        "connect-src": ["'self'", "releases.wagtail.org"],
    },
}

ROOT_URLCONF = "oer_registry.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "oer_registry.wsgi.application"

DATABASES = {"default": database_from_env(str(VAR_DIR / "oer_registry.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Wagtail
WAGTAIL_SITE_NAME = "OER Registry"
# Admin avatars from our static files: Gravatar would learn who signs in to the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The admin's own search stays on the database backend (ARCHITECTURE.md, "Search").
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# Background tasks: django-tasks with its database backend; `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Catalog search engine: Elasticsearch when ELASTICSEARCH_URL is set, else SQLite FTS5.
ELASTICSEARCH_URL = elasticsearch_url_from_env()
OER_SEARCH = {
    "ENGINE": "elasticsearch" if ELASTICSEARCH_URL else "fts5",
    "ELASTICSEARCH_URL": ELASTICSEARCH_URL,
    "INDEX_PREFIX": env_str("OER_SEARCH_INDEX_PREFIX", "oer"),
    # The integ-test distribution of Elasticsearch lacks analysis-common; clusters that have it
    # may switch English stemming on.
    "ENGLISH_ANALYSIS": env_bool("OER_SEARCH_ENGLISH_ANALYSIS", False),
    "TIMEOUT": env_int("OER_SEARCH_TIMEOUT", 10),
}

# What counts as "open": the licence permissions a material needs to be called OER here.
# See catalog.licenses.rules.is_open. Values: "reuse-adapt" (default), "by-only" (US ED), "no-nc".
OER_OPEN_DEFINITION = env_str("OER_OPEN_DEFINITION", "reuse-adapt")

# OAI-PMH data provider (/oai) and harvesting.
OER_OAI_REPOSITORY_ID = env_str("OER_OAI_REPOSITORY_ID", "oer-registry")
OER_OAI_PAGE_SIZE = env_int("OER_OAI_PAGE_SIZE", 100)
HARVEST_STALE_AFTER_SECONDS = env_int("HARVEST_STALE_AFTER_SECONDS", 900)
# /healthz says "degraded" once a change has waited this long in the index outbox (search lag).
OER_INDEX_LAG_DEGRADED_SECONDS = env_int("OER_INDEX_LAG_DEGRADED_SECONDS", 300)

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "registry@localhost")
# A site that sends no mail (production: OER_EMAIL_DISABLED=true) says so on password reset.
OER_EMAIL_DISABLED = False
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Libraries that log routine chatter at INFO: every request (elastic_transport), which
    # CPU build faiss tried first (faiss.loader), each process start (axes).
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        "faiss.loader": {"level": "WARNING"},
        "axes.apps": {"level": "WARNING"},
    },
}

# Teachers sign in on the public site (catalog.teachers), never in the Wagtail admin.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/my/"

# Sign-in throttling (django-axes) on both the teachers' and the Wagtail admin login: after
# AXES_FAILURE_LIMIT failures for one username from one address, that pair is refused for
# AXES_COOLOFF_MINUTES (HTTP 429 and a lockout page). `manage.py axes_reset` unlocks everyone.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair before checking
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures are kept (AccessAttempt); successful sign-ins are not
AXES_LOCKOUT_CALLABLE = "catalog.teachers.views.accounts.locked_out"
AXES_CLIENT_IP_CALLABLE = "catalog.client_ip.client_ip"
# Reverse proxies in front of the site that append to X-Forwarded-For (0: use REMOTE_ADDR).
OER_TRUSTED_PROXIES = env_int("OER_TRUSTED_PROXIES", 0)

# Public comments on lists: at most this many per client address in the window.
OER_COMMENT_RATE_LIMIT = env_int("OER_COMMENT_RATE_LIMIT", 5)
OER_COMMENT_RATE_WINDOW_SECONDS = env_int("OER_COMMENT_RATE_WINDOW_SECONDS", 600)

# LTI 1.3 tool (catalog.lti): how long a deep-linking picker stays usable after its launch,
# how long a platform's fetched JWKS is cached, and the timeout of that fetch (seconds).
OER_LTI_LAUNCH_SECONDS = env_int("OER_LTI_LAUNCH_SECONDS", 3600)
OER_LTI_JWKS_CACHE_SECONDS = env_int("OER_LTI_JWKS_CACHE_SECONDS", 3600)
OER_LTI_HTTP_TIMEOUT = env_int("OER_LTI_HTTP_TIMEOUT", 10)
