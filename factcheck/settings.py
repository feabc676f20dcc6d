"""Settings for the Factcheck Workbench: one module, driven by the environment.

Every variable read here is listed in the README's settings table. With nothing set, the
workbench runs on a SQLite file with Celery in eager mode; ``DATABASE_URL`` and
``CELERY_BROKER_URL`` switch to PostgreSQL and Redis. Production values have no defaults:
with ``DEBUG`` off, ``SECRET_KEY`` must be set.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    # Only ever used with DEBUG on: a development server on one machine.
    SECRET_KEY = "django-insecure-local-development-only"
# With DEBUG off and no SECRET_KEY, offline commands (extract_claims, migrate, export_data) still
# run, but the web and worker processes refuse to start (factcheck.env.require_secret_key), and
# anything that signs (sessions, CSRF) raises Django's "SECRET_KEY must not be empty".

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
INTERNAL_IPS = ["127.0.0.1"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "factcheck",
    "claims",
    "evidence",
    "archive",
]

MIDDLEWARE = [
    # Outermost, so the latency it records covers every other middleware.
    "factcheck.metrics.MetricsMiddleware",
    "factcheck.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "factcheck.tasks.EagerWorkAfterResponseMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "factcheck.context_processors.workbench",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
        # A dropped connection (PostgreSQL restart) is noticed and replaced at the start of
        # the next request or task instead of failing it.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Planner cost of a random read; PostgreSQL's default (4) assumes spinning disks and makes
    # it scan whole tables where an index look-up is far cheaper on SSDs (measured: reports).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = (
        f"-c random_page_cost={env_float('DB_RANDOM_PAGE_COST', 1.1, minimum=0.1)}"
    )
    # Server-side prepared statements (psycopg 3): a query run this many times on a connection is
    # prepared once and then only executed. Needs server-side parameter binding. Unset (the default)
    # keeps client-side binding and no prepared statements: what a deployment behind PgBouncer in
    # transaction pooling mode must use (before PgBouncer 1.21's max_prepared_statements).
    DB_PREPARE_THRESHOLD = env_int("DB_PREPARE_THRESHOLD", 0, minimum=0)
    if DB_PREPARE_THRESHOLD:
        DATABASES["default"]["OPTIONS"].update({"server_side_binding": True, "prepare_threshold": DB_PREPARE_THRESHOLD})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the dev server read while an eager task writes; wait instead of failing on locks.
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "factcheck"}}

# --- Auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# --- I18N -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = BASE_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SILENCED_SYSTEM_CHECKS = ["security.W021"] if not env_bool("SECURE_HSTS_PRELOAD", False) else []

# Content Security Policy (django-csp 4): no inline script anywhere; htmx is configured by a
# <meta> tag and its own file, not inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
# Eager mode only: run the work a request enqueues in a thread after commit, so the request
# answers at once and its progress can be watched. Tests turn it off to stay synchronous.
EAGER_TASKS_IN_BACKGROUND = env_bool("EAGER_TASKS_IN_BACKGROUND", True)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL) or None
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost/"  # nothing is published in eager mode; keeps kombu from looking for Redis
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 150, minimum=2)
CELERY_TASK_DEFAULT_QUEUE = "ingest"
CELERY_TASK_ROUTES = {
    "claims.tasks.*": {"queue": "ingest"},
    "evidence.tasks.*": {"queue": "evidence"},
    "factcheck.webhooks.tasks.*": {"queue": "webhooks"},
    "factcheck.tasks.*": {"queue": "ingest"},
}
# Redis redelivers an unacknowledged task after this many seconds; every countdown, ETA
# and retry backoff must stay below it (a test checks), or a waiting task runs twice.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 6 * 60 * 60, minimum=60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must fail fast when Redis is down, so a request is answered and the sweeper
# picks the work up later instead of the request hanging.
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_CONNECTION_TIMEOUT", 2.0, minimum=0.1)
CELERY_TASK_PUBLISH_RETRY = False
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-work": {"task": "factcheck.tasks.requeue_stale_work", "schedule": 60.0},
    "refresh-open-claim-evidence": {"task": "evidence.tasks.refresh_stale_evidence", "schedule": 60.0 * 60},
    "pull-factcheck-feeds": {"task": "archive.tasks.pull_factcheck_feeds", "schedule": 60.0 * 60},
}

# --- Workbench ------------------------------------------------------------------------------
# How long a record may sit in a pending state before the sweeper enqueues it again.
STALE_PENDING_SECONDS = env_int("STALE_PENDING_SECONDS", 300, minimum=1)
ARTICLE_MAX_CHARS = env_int("ARTICLE_MAX_CHARS", 200_000, minimum=1000)
FETCH_CONNECT_TIMEOUT = env_float("FETCH_CONNECT_TIMEOUT", 2.0, minimum=0.1)
FETCH_READ_TIMEOUT = env_float("FETCH_READ_TIMEOUT", 10.0, minimum=0.1)
# Whole-download deadline: a server dripping one byte at a time never trips the read timeout.
FETCH_TOTAL_TIMEOUT = env_float("FETCH_TOTAL_TIMEOUT", 30.0, minimum=1.0)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
FETCH_MAX_REDIRECTS = env_int("FETCH_MAX_REDIRECTS", 5, minimum=0)
FETCH_ALLOWED_PORTS = [int(p) for p in env_list("FETCH_ALLOWED_PORTS", ["80", "443"])]
# Only the test suite turns this on, for its own loopback HTTP server.
FETCH_ALLOW_PRIVATE_ADDRESSES = env_bool("FETCH_ALLOW_PRIVATE_ADDRESSES", False)
FETCH_USER_AGENT = env_str("FETCH_USER_AGENT", "FactcheckWorkbench/1.0 (+https://github.com/)")
# The article fetcher's retries (factcheck/fetching/retry.py, the providers' policy): tries per
# hop in all on timeouts, connection errors, 429 and 5xx, and the longest wait slept between them.
FETCH_MAX_ATTEMPTS = env_int("FETCH_MAX_ATTEMPTS", 3, minimum=1)
FETCH_MAX_WAIT = env_float("FETCH_MAX_WAIT", 10.0, minimum=0.0)
EVIDENCE_AUTO_THRESHOLD = env_float("EVIDENCE_AUTO_THRESHOLD", 0.5, minimum=0.0)
# ClaimReview feeds pulled into the fact-check archive every hour: "name=https://...", comma-separated.
FACTCHECK_FEEDS = env_list("FACTCHECK_FEEDS", [])
# The sentence encoder (claims/semantic/encoder.py): ONNX Runtime threads per model and process.
ENCODER_THREADS = env_int("ENCODER_THREADS", 1, minimum=1)
# "v2" (fine-tuned MiniLM, the default) or "v1" (the old TF-IDF model, as when v2 cannot load).
CHECKWORTHINESS_MODEL = env_str("CHECKWORTHINESS_MODEL", "v2")
if CHECKWORTHINESS_MODEL not in ("v1", "v2"):
    raise ImproperlyConfigured("CHECKWORTHINESS_MODEL must be v1 or v2")
# Evidence whose relevance to the claim (word overlap weighted by rarity and dense cosine, fused; evidence/relevance.py)
# is below this is not listed. Chosen on labelled pairs: python bench/evidence_relevance.py.
EVIDENCE_MIN_RELEVANCE = env_float("EVIDENCE_MIN_RELEVANCE", 0.11, minimum=0.0)
if EVIDENCE_MIN_RELEVANCE > 1.0:
    raise ImproperlyConfigured("EVIDENCE_MIN_RELEVANCE must be between 0 and 1")
EVIDENCE_REFRESH_DAYS = env_int("EVIDENCE_REFRESH_DAYS", 7, minimum=1)
PROVIDER_CACHE_SECONDS = env_int("PROVIDER_CACHE_SECONDS", 24 * 60 * 60, minimum=0)
FACTCHECK_TOOLS_API_KEY = env_str("FACTCHECK_TOOLS_API_KEY")
# Providers that may run. The network ones (wikipedia, worldbank, factcheck_tools) can be left
# out on a machine without internet; the test suite runs with the offline ones only.
EVIDENCE_PROVIDERS = env_list("EVIDENCE_PROVIDERS", ["library", "archive", "wikipedia", "worldbank", "factcheck_tools"])
ORGANISATION_NAME = env_str("ORGANISATION_NAME", "Factcheck Workbench")
ORGANISATION_URL = env_str("ORGANISATION_URL", "http://127.0.0.1:8000")
IDEMPOTENCY_KEY_HOURS = env_int("IDEMPOTENCY_KEY_HOURS", 24, minimum=1)
# A JSON body nested deeper than this is a 400 before it is parsed (the decoder recurses per level).
API_MAX_JSON_DEPTH = env_int("API_MAX_JSON_DEPTH", 64, minimum=1)
# How long an API token's user and permissions stay cached (revoking or a role change forgets at once).
API_TOKEN_CACHE_SECONDS = env_int("API_TOKEN_CACHE_SECONDS", 300, minimum=0)

# --- Metrics and worker health ----------------------------------------------------------------
METRICS_ENABLED = env_bool("METRICS_ENABLED", False)
# Evidence providers (evidence/providers/http.py). Base URLs are settings so tests and mirrors
# can point them elsewhere. One retry policy: a look-up is tried at most PROVIDER_MAX_ATTEMPTS
# times in all (urllib3's Retry on the providers' session); a wait longer than PROVIDER_MAX_WAIT
# is not slept in a worker, and the look-up fails with the reason instead.
PROVIDER_CONNECT_TIMEOUT = env_float("PROVIDER_CONNECT_TIMEOUT", 3.0, minimum=0.1)
PROVIDER_READ_TIMEOUT = env_float("PROVIDER_READ_TIMEOUT", 10.0, minimum=0.1)
PROVIDER_MAX_ATTEMPTS = env_int("PROVIDER_MAX_ATTEMPTS", 3, minimum=1)
PROVIDER_MAX_WAIT = env_float("PROVIDER_MAX_WAIT", 10.0, minimum=0.0)
WIKIPEDIA_API_URL = env_str("WIKIPEDIA_API_URL", "https://en.wikipedia.org/w/api.php")
WORLDBANK_API_URL = env_str("WORLDBANK_API_URL", "https://api.worldbank.org/v2")
FACTCHECK_TOOLS_API_URL = env_str(
    "FACTCHECK_TOOLS_API_URL", "https://factchecktools.googleapis.com/v1alpha1/claims:search"
)
LIBRARY_MAX_CHARS = env_int("LIBRARY_MAX_CHARS", 1_000_000, minimum=1000)
# When set, /metrics answers only "Authorization: Bearer <METRICS_TOKEN>".
METRICS_TOKEN = env_str("METRICS_TOKEN")
# Workers have no web server: with a port set they serve their own metrics there (no token).
WORKER_METRICS_PORT = env_int("WORKER_METRICS_PORT", 0, minimum=0)
WORKER_METRICS_ADDRESS = env_str("WORKER_METRICS_ADDRESS", "0.0.0.0")  # noqa: S104 - the port is off by default
# A file the worker touches while it consumes; `manage.py worker_health` checks its age.
WORKER_HEARTBEAT_FILE = env_str("WORKER_HEARTBEAT_FILE")
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10, minimum=1)
# Imported by the worker at start-up: task metrics and the heartbeat step connect themselves there.
CELERY_IMPORTS = ["factcheck.metrics", "factcheck.heartbeat"]
# Health checks and scrapes come over plain HTTP from inside the network, not through the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# --- REST framework -------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate challenge makes an unauthenticated request a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "factcheck.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "factcheck.api.query.StrictSearchFilter",
        "factcheck.api.query.StrictOrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "factcheck.api.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "factcheck.api.pagination.StandardPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "factcheck.api.throttling.TokenRateThrottle",
        "factcheck.api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_str("API_THROTTLE_RATE", "1000/hour"),
        "anon": env_str("API_ANON_THROTTLE_RATE", "60/hour"),
    },
    "EXCEPTION_HANDLER": "factcheck.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Content negotiation by the Accept header only: `?format=` would be one more undocumented 404.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Factcheck Workbench API",
    "DESCRIPTION": (
        "Articles, claims, evidence, verdicts and reports for fact-checking desks. Authenticate with "
        "`Authorization: Bearer <token>` (create tokens at /account/tokens/ or with POST /api/v1/auth/token/). "
        'Every error has the body `{"detail": ..., "errors": {field: [...]}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The same schema on SQLite and PostgreSQL (tests/api/test_schema_and_docs.py compares it whole).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factcheck.api.schema_hooks.vendor_neutral_integers",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "ClaimKindEnum": "claims.models.Claim.Kind",
        "QuantityKindEnum": "claims.models.Quantity.Kind",
        "ArticleStatusEnum": "claims.models.Article.Status",
        "ArticleSourceEnum": "claims.models.Article.Source",
        "LibraryDocumentSourceEnum": "evidence.models.EvidenceDocument.Source",
        "VerdictStatusEnum": "claims.models.Verdict.Status",
        "DeliveryStatusEnum": "factcheck.models.WebhookDelivery.Status",
        "MatchKindEnum": ["factcheck", "claim"],
        "MatchStateEnum": "archive.models.ClaimMatch.State",
    },
}

# --- Logging --------------------------------------------------------------------------------
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json', not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "factcheck.logging.ContextFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s%(task)s] %(message)s"},
        "json": {"()": "factcheck.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "trafilatura": {"level": "WARNING"},
        "htmldate": {"level": "WARNING"},
    },
}
