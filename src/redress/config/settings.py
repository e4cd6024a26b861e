"""Settings for redress, read from the environment.

With nothing set, redress runs embedded: SQLite and a key file under `REDRESS_HOME`
(default `./var`), Celery on an SQLite-backed broker. In production
(`REDRESS_ENV=production`) a missing secret stops the process at start.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from redress.config.embedded import key_from_file, private_home
from redress.config.env import (
    env_bool,
    env_int,
    env_json_object,
    env_list,
    env_networks,
    env_secret,
    env_str,
    redress_home,
)

# Lets `ModelAdmin[Model]` and `QuerySet[Model]` be written at run time, for the type checker.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
HOME = redress_home()
PRODUCTION = env_str("REDRESS_ENV", "embedded") == "production"
private_home(HOME, int(env_str("REDRESS_UMASK", "077"), 8))

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
else:
    # only the embedded default keeps its secret in a file under REDRESS_HOME
    from redress.config.embedded import embedded_secret

    SECRET_KEY = embedded_secret(HOME)

DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "django_filters",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "redress.core",
    "redress.codes",
    "redress.privacy",
    "redress.accounts",
    "redress.audit",
    "redress.access",
    "redress.complaints",
    "redress.correspondence",
    "redress.deadlines",
    "redress.notifications",
    "redress.triage",
    "redress.intake",
    "redress.surveys",
    "redress.analytics",
    "redress.improvements",
    "redress.casebook",
    "redress.retention",
    "redress.site",
    "redress.operations",
    "redress.backup",
]

MIDDLEWARE = [
    "redress.operations.middleware.RequestMetricsMiddleware",  # first: times the whole answer
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "redress.accounts.twofactor.middleware.RequireVerifiedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "redress.accounts.security.sessions.SessionLimitsMiddleware",
    "redress.core.recipients.PublicAddressMiddleware",  # links follow the request's address when unset
    # last: turns a sign-in refused for too many failures into the sign-in page saying so
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "redress.config.urls"
WSGI_APPLICATION = "redress.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "complaints:queue"
LOGOUT_REDIRECT_URL = "login"

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
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    HOME.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(HOME / "redress.sqlite3"),
            # WAL lets the web process read while the worker writes; IMMEDIATE takes the
            # write lock at BEGIN so two writers queue instead of failing mid-transaction.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
# A read replica of the main database (a PostgreSQL standby, say): the analytics pages, endpoints and
# returns read from it (config/routers.py), so reports never slow the desk. Nothing is written or migrated
# there. Under the test runner it is a mirror of the main test database (Django points it at the same
# database name), so the suite runs with it set only when it is on the main database's server.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# PostgreSQL session settings for every connection redress opens. JIT off by default: redress's queries are
# short (a page, an endpoint, a report's aggregates), and compiling them cost a search at 1,000,000 complaints
# 72–149 ms of its time (bench/README.md, "Search"). Empty keeps the server's own settings.
PG_SESSION_OPTIONS = env_str("REDRESS_PG_SESSION_OPTIONS", "-c jit=off")
for _database in DATABASES.values():
    if PG_SESSION_OPTIONS and "postgresql" in _database["ENGINE"]:
        _options = _database.setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} {PG_SESSION_OPTIONS}".strip()
DATABASE_ROUTERS = ["redress.config.routers.AnalyticsReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("REDRESS_PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in security (accounts/security): the lockout counts failures per account and per address in the
# shared cache; the axes backend refuses a locked sign-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "redress.accounts.oidc.backend.OIDCBackend",  # answers only the single sign-on callback
]
AXES_ENABLED = env_bool("REDRESS_LOCKOUT_ENABLED", default=True)
AXES_FAILURE_LIMIT = env_int("REDRESS_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("REDRESS_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_ENABLE_ADMIN = False  # the attempts live in the cache, not in axes's tables
AXES_VERBOSE = False  # no banner on every command: failures and lockouts are logged on redress.security
AXES_CLIENT_IP_CALLABLE = "redress.accounts.security.addresses.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "redress.accounts.security.lockout.lockout_response"
# Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated). The client is the
# rightmost address in it that is not one of them; without them the header is ignored (a client can send it).
REDRESS_TRUSTED_PROXIES = env_list("REDRESS_TRUSTED_PROXIES", [])
# Sessions end after this long without a request, and this long after signing in whatever happens.
REDRESS_SESSION_IDLE_MINUTES = env_int("REDRESS_SESSION_IDLE_MINUTES", 30)
REDRESS_SESSION_MAX_HOURS = env_int("REDRESS_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = REDRESS_SESSION_MAX_HOURS * 3600
# A password reset link works this long, and once; an address may ask for this many links an hour.
PASSWORD_RESET_TIMEOUT = env_int("REDRESS_PASSWORD_RESET_MINUTES", 60) * 60
REDRESS_PASSWORD_RESET_PER_HOUR = env_int("REDRESS_PASSWORD_RESET_PER_HOUR", 5)
# Single sign-on with OpenID Connect (accounts/oidc; README "Single sign-on"): on when issuer and client id are set.
REDRESS_OIDC_ISSUER = env_str("REDRESS_OIDC_ISSUER", "")
REDRESS_OIDC_CLIENT_ID = env_str("REDRESS_OIDC_CLIENT_ID", "")
REDRESS_OIDC_CLIENT_SECRET = env_secret("REDRESS_OIDC_CLIENT_SECRET")  # or REDRESS_OIDC_CLIENT_SECRET_FILE
REDRESS_OIDC_PROVIDER_NAME = env_str("REDRESS_OIDC_PROVIDER_NAME", "")
REDRESS_OIDC_SCOPES = env_str("REDRESS_OIDC_SCOPES", "openid email profile")
REDRESS_OIDC_MATCH_BY = env_str("REDRESS_OIDC_MATCH_BY", "username")  # or "email"
REDRESS_OIDC_USERNAME_CLAIM = env_str("REDRESS_OIDC_USERNAME_CLAIM", "preferred_username")
REDRESS_OIDC_ROLE_CLAIM = env_str("REDRESS_OIDC_ROLE_CLAIM", "groups")
REDRESS_OIDC_ROLE_MAP = env_json_object("REDRESS_OIDC_ROLE_MAP")  # {"group": {"role": "...", "department": "..."}}
REDRESS_OIDC_CREATE_USERS = env_bool("REDRESS_OIDC_CREATE_USERS", default=False)
REDRESS_OIDC_REQUIRE_MFA_CLAIM = env_bool("REDRESS_OIDC_REQUIRE_MFA_CLAIM", default=False)
REDRESS_OIDC_MFA_VALUES = env_list("REDRESS_OIDC_MFA_VALUES", ["mfa"])  # amr entries or acr values that mean MFA
REDRESS_OIDC_LOGOUT = env_bool("REDRESS_OIDC_LOGOUT", default=False)  # also sign out at the provider
REDRESS_PASSWORD_LOGIN = env_bool("REDRESS_PASSWORD_LOGIN", default=True)

# The cache that limits, lockouts and the API token cache share between processes: Redis when REDIS_URL
# names one, else a table in the database (created by `redress migrate`).
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "redress.core.cache.AtomicDatabaseCache", "LOCATION": "redress_cache"}
}

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("zh-hant", _("Traditional Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from finders until collectstatic fills it
MEDIA_ROOT = HOME / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS. In production redress expects to be reached over HTTPS only: browsers are told so (HSTS, a year by
# default) and plain HTTP is redirected, unless the operator says otherwise. Behind a proxy that ends TLS,
# REDRESS_TLS_PROXY=true trusts its X-Forwarded-Proto (only then: a client could send the header itself).
SECURE_HSTS_SECONDS = env_int("REDRESS_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("REDRESS_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("REDRESS_HSTS_PRELOAD", default=PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("REDRESS_SSL_REDIRECT", default=PRODUCTION)
# A load balancer's or a prober's plain-HTTP health checks are answered, not redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("REDRESS_TLS_PROXY", default=False) else None
# An operator who turns one of these off has decided it: `check --deploy` need not warn of it again.
SILENCED_SYSTEM_CHECKS = [
    check
    for check, variable, chosen in (
        ("security.W004", "REDRESS_HSTS_SECONDS", SECURE_HSTS_SECONDS),
        ("security.W005", "REDRESS_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_INCLUDE_SUBDOMAINS),
        ("security.W021", "REDRESS_HSTS_PRELOAD", SECURE_HSTS_PRELOAD),
        ("security.W008", "REDRESS_SSL_REDIRECT", SECURE_SSL_REDIRECT),
    )
    if PRODUCTION and env_str(variable, "") and not chosen
]
# What a browser may load and run on redress's pages: its own files only, no inline script (the pages
# have none), no framing, forms posted only to itself. Inline styles stay allowed: charts and the admin
# set them, and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "redress.accounts.tokens.CachedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "redress.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "redress.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "redress.core.negotiation.ContentNegotiation",
    "DEFAULT_PARSER_CLASSES": [
        "redress.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": None,
}
# Seconds an API token once checked is kept in the shared cache (CACHES) for every process (0: look it up on every
# request). Revoking it or saving its user is seen by every process at once (see accounts.tokens).
REDRESS_API_TOKEN_CACHE_SECONDS = env_int("REDRESS_API_TOKEN_CACHE_SECONDS", 0)
# The largest redress amount one item, and one plan in total, may award (in the plan's currency); larger
# amounts are refused with a 400 naming the item. Keep it at most 1e13: SQLite keeps a decimal exact only up
# to 15 significant digits (2 of them the cents).
REDRESS_MAX_REDRESS_AMOUNT = Decimal(env_str("REDRESS_MAX_REDRESS_AMOUNT", "1000000000"))
if not Decimal(0) < REDRESS_MAX_REDRESS_AMOUNT <= Decimal("1e13"):
    raise ImproperlyConfigured("REDRESS_MAX_REDRESS_AMOUNT must be above 0 and at most 1e13.")
SPECTACULAR_SETTINGS = {
    "TITLE": "redress API",
    "DESCRIPTION": "Complaint handling for financial institutions.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from this server's static files (the sidecar package), not a CDN: works offline, pinned.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One operation per complaint action, each with its own body (one route serves them all).
    "PREPROCESSING_HOOKS": ["redress.complaints.api.schema.split_actions"],
    # Choice sets that share a field name get their own names (else the schema warns and makes names up).
    "ENUM_NAME_OVERRIDES": {
        "ComplaintStatusEnum": "redress.complaints.choices.Status",
        "ComplaintChannelEnum": "redress.complaints.choices.Channel",
        "ComplaintLanguageEnum": "redress.complaints.choices.Language",
        "NotifyChannelEnum": "redress.complaints.choices.NotifyChannel",
        "ContactChannelEnum": "redress.complaints.choices.ContactChannel",
        "PlanStatusEnum": "redress.complaints.choices.PlanStatus",
        "SatisfactionEnum": "redress.complaints.choices.Satisfaction",
        "LetterKindEnum": "redress.correspondence.models.LetterKind",
        "LetterStatusEnum": "redress.correspondence.models.LetterStatus",
        "ClockKindEnum": "redress.deadlines.models.ClockKind",
        "ImprovementStatusEnum": "redress.improvements.choices.Status",
    },
}

# Personal data at rest: a 32-byte key, base64 (urlsafe): REDRESS_DATA_KEY, or a file named by
# REDRESS_DATA_KEY_FILE (kept apart from the data: a mounted secret, not under REDRESS_HOME); embedded
# with neither, a key file under HOME.
REDRESS_DATA_KEY_FILE = env_str("REDRESS_DATA_KEY_FILE", "")
if REDRESS_DATA_KEY_FILE and not env_str("REDRESS_DATA_KEY", ""):
    REDRESS_DATA_KEY = key_from_file(Path(REDRESS_DATA_KEY_FILE))
elif PRODUCTION:
    REDRESS_DATA_KEY = env_str("REDRESS_DATA_KEY")
else:
    # only the embedded default keeps its data key in a file under REDRESS_HOME
    from redress.config.embedded import embedded_data_key

    REDRESS_DATA_KEY = env_str("REDRESS_DATA_KEY", "") or embedded_data_key(HOME)
# During a key rotation (`redress keys rotate`): the keys replaced, comma-separated, still read but never written.
REDRESS_OLD_DATA_KEYS = env_list("REDRESS_OLD_DATA_KEYS", [])

# The key `redress backup` archives are sealed with (urlsafe base64 of 32 bytes); empty: the data key.
REDRESS_BACKUP_KEY = env_str("REDRESS_BACKUP_KEY", "")

REDRESS_INSTITUTION_NAME = env_str("REDRESS_INSTITUTION_NAME", "Redress Demo Bank")
# Two-factor sign-in (accounts.twofactor): every staff member needs a second factor (an authenticator app's
# code, or a recovery code) after the password, unless this is false; then it is each person's choice.
REDRESS_REQUIRE_2FA = env_bool("REDRESS_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = REDRESS_INSTITUTION_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret
REDRESS_DEFAULT_JURISDICTION = env_str("REDRESS_DEFAULT_JURISDICTION", "CN-NFRA")
REDRESS_DEFAULT_CURRENCY = env_str("REDRESS_DEFAULT_CURRENCY", "CNY")
REDRESS_QUEUE_PAGE_SIZE = env_int("REDRESS_QUEUE_PAGE_SIZE", 50)
# Search ranks the newest this many complaints that have every word of the query (more words narrow it).
REDRESS_SEARCH_CANDIDATES = env_int("REDRESS_SEARCH_CANDIDATES", 1000)
# How far in the future a "received at" may be (clocks of other systems drift).
REDRESS_CLOCK_SKEW = timedelta(minutes=env_int("REDRESS_CLOCK_SKEW_MINUTES", 5))
# The earliest day a complaint may be received or a redress paid on (older dates are typing errors; before
# 1901 a time zone's offset is its local mean time, e.g. +08:05:43).
REDRESS_EARLIEST_DATE = date.fromisoformat(env_str("REDRESS_EARLIEST_DATE", "2000-01-01"))
# Where customers reach redress: the survey links in letters are made from it. Unset: `serve` sets the
# address it serves; elsewhere the address of the request being answered (`core.recipients`).
REDRESS_PUBLIC_URL = env_str("REDRESS_PUBLIC_URL", "")
# Days after the decision in which the customer may ask for a review (核查); CN-NFRA: 30.
REDRESS_REVIEW_WINDOW_DAYS = env_int("REDRESS_REVIEW_WINDOW_DAYS", 30)
REDRESS_AUDIT_CHECKPOINT_MINUTES = env_int("REDRESS_AUDIT_CHECKPOINT_MINUTES", 15)
# The audit chain anchored outside the database (audit/anchor.py; README "The audit record"): checkpoints signed
# with this Ed25519 private key (`redress audit keygen FILE`; keep it off the database's machine or at least out
# of REDRESS_HOME), checked with its public key and those in the verify file (earlier keys; an auditor's copy),
# and copied as JSON lines to the anchor file (put it on append-only storage).
REDRESS_AUDIT_SIGNING_KEY_FILE = env_str("REDRESS_AUDIT_SIGNING_KEY_FILE", "")
REDRESS_AUDIT_VERIFY_KEY_FILE = env_str("REDRESS_AUDIT_VERIFY_KEY_FILE", "")
REDRESS_AUDIT_ANCHOR_FILE = env_str("REDRESS_AUDIT_ANCHOR_FILE", "")
# The deadline sweep's shards on PostgreSQL, each on its own connection (deadlines/sweep.py).
REDRESS_SWEEP_WORKERS = env_int("REDRESS_SWEEP_WORKERS", 2)

# Improvement actions (redress.improvements): the owner's reminder looks this many days ahead; an action made
# from a resolution plan is due this many days after; its effect compares this many weeks before and after.
REDRESS_IMPROVEMENT_REMIND_DAYS = env_int("REDRESS_IMPROVEMENT_REMIND_DAYS", 7)
REDRESS_IMPROVEMENT_DUE_DAYS = env_int("REDRESS_IMPROVEMENT_DUE_DAYS", 90)
REDRESS_IMPROVEMENT_EFFECT_WEEKS = env_int("REDRESS_IMPROVEMENT_EFFECT_WEEKS", 12)

# Background work. Embedded: Celery's SQLAlchemy transport on a SQLite file, no server.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", f"sqla+sqlite:///{HOME / 'broker.sqlite3'}")
CELERY_RESULT_BACKEND = None
REDRESS_CELERY_APP = "redress.config.celery"  # imported where a task is published (correspondence.tasks)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE


def _at(**fields: int) -> dict[str, dict[str, int]]:
    """A time of day or week in CELERY_BEAT_SCHEDULE: config/celery.py makes it Celery's crontab (the web processes
    do not import Celery: bench/README.md, "Web worker memory")."""
    return {"crontab": fields}


CELERY_BEAT_SCHEDULE = {
    "audit-checkpoint": {
        "task": "redress.audit.tasks.audit_checkpoint",
        "schedule": REDRESS_AUDIT_CHECKPOINT_MINUTES * 60.0,
    },
    "deadline-sweep": {
        "task": "redress.deadlines.tasks.deadline_sweep",
        "schedule": env_int("REDRESS_SWEEP_SECONDS", 300) * 1.0,
    },
    "surveys-close-unanswered": {
        "task": "redress.surveys.tasks.surveys_close_unanswered",
        "schedule": 3600.0,
    },
    "surveys-followups-due": {
        "task": "redress.surveys.tasks.surveys_followups_due",
        "schedule": 3600.0,
    },
    "outbox-deliver": {
        "task": "redress.correspondence.tasks.outbox_deliver",
        "schedule": 10.0,
    },
    # The analytics facts follow the complaints (the dashboards also refresh them when read).
    "analytics-refresh": {
        "task": "redress.analytics.tasks.analytics_refresh",
        "schedule": 60.0,
    },
    "analytics-spikes": {
        "task": "redress.analytics.tasks.analytics_spikes",
        "schedule": _at(hour=2, minute=15),
    },
    # Monday early: the themes of the last four full weeks against the four before.
    "analytics-themes": {
        "task": "redress.analytics.tasks.analytics_themes",
        "schedule": _at(hour=3, minute=30, day_of_week=1),
    },
    # Personal data of complaints kept past their retention date erased (legal holds skipped), once a day.
    "retention-purge": {
        "task": "redress.retention.tasks.retention_purge",
        "schedule": _at(hour=1, minute=45),
    },
    # Each owner's improvement actions due soon and overdue, once a day (a second run that day tells no one).
    "improvements-remind": {
        "task": "redress.improvements.tasks.improvements_remind",
        "schedule": _at(hour=8, minute=0),
    },
    # Only a running worker carries it out: /readyz reads its last time (redress.operations).
    "worker-heartbeat": {
        "task": "redress.operations.tasks.worker_heartbeat",
        "schedule": env_int("REDRESS_HEARTBEAT_SECONDS", 30) * 1.0,
    },
}

# Embedded with no mail server named: letters are written as files under HOME/sent-mail.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST or PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = HOME / "sent-mail"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# A delivery run's claim on its batch: past it, the run is taken for dead (see correspondence.delivery).
# Keep it well above a batch's sending time (100 messages over 4 connections: seconds, EMAIL_TIMEOUT each at worst).
REDRESS_OUTBOX_CLAIM_TIMEOUT_SECONDS = env_int("REDRESS_OUTBOX_CLAIM_TIMEOUT_SECONDS", 600)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "complaints@redress.localhost")

# REDRESS_LOG_FORMAT=json: one JSON object a line (redress.operations.json_logs), redacted like the text.
REDRESS_LOG_FORMAT = env_str("REDRESS_LOG_FORMAT", "text").strip().lower() or "text"
if REDRESS_LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"REDRESS_LOG_FORMAT must be text or json, not {REDRESS_LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_pii": {"()": "redress.privacy.logging.RedactPIIFilter"},
        "no_refusal_traceback": {"()": "redress.operations.quiet_logs.NoTracebackForRefusals"},
    },
    "formatters": {"json": {"()": "redress.operations.json_logs.RedactingJsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_pii"]}
        | ({"formatter": "json"} if REDRESS_LOG_FORMAT == "json" else {})
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The worker's routine: the scheduler's "Sending due task" (the outbox every 10 s), each task received
        # and succeeded. A failed task is still logged (ERROR).
        "celery.beat": {"level": "WARNING"},
        "django.request": {"filters": ["no_refusal_traceback"]},  # a 403 is one line, not a traceback
        "celery.worker.strategy": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
        # The development server logs request lines (query strings too): through the same filter.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# The worker's own log goes through LOGGING above when it is JSON (Celery would set up a text one of its own).
CELERY_WORKER_HIJACK_ROOT_LOGGER = REDRESS_LOG_FORMAT != "json"

# Operations (redress.operations): who may read /readyz and /metrics, and when /readyz turns red.
REDRESS_METRICS_ALLOWED = env_networks("REDRESS_METRICS_ALLOWED", ["127.0.0.0/8", "::1"])
REDRESS_READYZ_ALLOWED = env_networks("REDRESS_READYZ_ALLOWED", [str(n) for n in REDRESS_METRICS_ALLOWED])
REDRESS_READY_BROKER_TIMEOUT_SECONDS = env_int("REDRESS_READY_BROKER_TIMEOUT_SECONDS", 3)
# The heartbeat is queued every REDRESS_HEARTBEAT_SECONDS (30): older than this, no worker is taking work.
REDRESS_READY_WORKER_SECONDS = env_int("REDRESS_READY_WORKER_SECONDS", 120)
# Messages still undelivered this long after they were written (SMTP down, no worker) turn the outbox red,
# and so do more than REDRESS_READY_OUTBOX_FAILED_MAX given up on in the last REDRESS_READY_OUTBOX_FAILED_HOURS.
REDRESS_READY_OUTBOX_MINUTES = env_int("REDRESS_READY_OUTBOX_MINUTES", 15)
REDRESS_READY_OUTBOX_FAILED_HOURS = env_int("REDRESS_READY_OUTBOX_FAILED_HOURS", 24)
REDRESS_READY_OUTBOX_FAILED_MAX = env_int("REDRESS_READY_OUTBOX_FAILED_MAX", 0)
# The last deadline sweep older than this (default: three sweep intervals, at least 15 minutes) is red.
REDRESS_READY_SWEEP_MINUTES = env_int(
    "REDRESS_READY_SWEEP_MINUTES", max(15, -(-3 * env_int("REDRESS_SWEEP_SECONDS", 300) // 60))
)

# Intake channels (redress.intake): public form limits, the inbound mailbox, the SMTP gateway.
REDRESS_INTAKE_WEB_PER_HOUR = env_int("REDRESS_INTAKE_WEB_PER_HOUR", 10)
REDRESS_INTAKE_TRACK_PER_HOUR = env_int("REDRESS_INTAKE_TRACK_PER_HOUR", 30)
# The customer's own page (after reference + tracking code): messages, files, withdrawal per complaint an hour.
REDRESS_TRACK_ACTIONS_PER_HOUR = env_int("REDRESS_TRACK_ACTIONS_PER_HOUR", 20)
# Text messages (the tracking code when there is no e-mail address): see redress.correspondence.sms.
REDRESS_SMS_BACKEND = env_str("REDRESS_SMS_BACKEND", "redress.correspondence.sms.LogBackend")
REDRESS_SMS_GATEWAY_URL = env_str("REDRESS_SMS_GATEWAY_URL", "")
REDRESS_SMS_GATEWAY_TOKEN = env_str("REDRESS_SMS_GATEWAY_TOKEN", "")
REDRESS_SMS_GATEWAY_ATTEMPTS = env_int("REDRESS_SMS_GATEWAY_ATTEMPTS", 3)
REDRESS_SMS_GATEWAY_TIMEOUT = env_int("REDRESS_SMS_GATEWAY_TIMEOUT", 10)
# Behind a proxy in REDRESS_TRUSTED_PROXIES, the request header that holds the chain of client addresses.
REDRESS_CLIENT_IP_HEADER = env_str("REDRESS_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")
if env_str("REDRESS_CLIENT_IP_HEADER", "") and not REDRESS_TRUSTED_PROXIES:
    raise ImproperlyConfigured("REDRESS_CLIENT_IP_HEADER is read only from REDRESS_TRUSTED_PROXIES: set them too.")
REDRESS_IMAP_HOST = env_str("REDRESS_IMAP_HOST", "")
REDRESS_IMAP_PORT = env_int("REDRESS_IMAP_PORT", 993)
REDRESS_IMAP_TLS = env_str("REDRESS_IMAP_TLS", "ssl")  # ssl (IMAPS), starttls or none
REDRESS_IMAP_USER = env_str("REDRESS_IMAP_USER", "")
REDRESS_IMAP_PASSWORD = env_str("REDRESS_IMAP_PASSWORD", "")
REDRESS_IMAP_FOLDER = env_str("REDRESS_IMAP_FOLDER", "INBOX")
# Where processed mail goes; empty: it stays in the folder, marked \Seen.
REDRESS_IMAP_DONE_FOLDER = env_str("REDRESS_IMAP_DONE_FOLDER", "")
REDRESS_IMAP_POLL_SECONDS = env_int("REDRESS_IMAP_POLL_SECONDS", 60)
REDRESS_MAIL_GATEWAY_MAX_BYTES = env_int("REDRESS_MAIL_GATEWAY_MAX_BYTES", 50 * 1024 * 1024)
if REDRESS_IMAP_HOST:
    CELERY_BEAT_SCHEDULE["mail-fetch"] = {
        "task": "redress.intake.tasks.mail_fetch",
        "schedule": REDRESS_IMAP_POLL_SECONDS * 1.0,
    }

# The text service (redress.core.textservice): the unix socket of the process that holds the triage model and the
# Chinese word cutter for the web processes. Set by redress.config.gunicorn (which starts it) and `redress serve`;
# unset or "off": each process does that work itself.
REDRESS_TEXT_SERVICE = env_str("REDRESS_TEXT_SERVICE", "")

# First assessment (redress.triage): the model's home, the public data it is bootstrapped from,
# what counts as a large amount (per currency), thresholds, and the weight of staff labels.
REDRESS_TRIAGE_MODEL_DIR = Path(env_str("REDRESS_TRIAGE_MODEL_DIR", str(HOME / "triage")))
# The shared data folder beside the checkout (../shared/data); only `redress triage train` reads it.
REDRESS_TRIAGE_DATA_DIR = Path(
    env_str("REDRESS_TRIAGE_DATA_DIR", str(BASE_DIR.parent.parent.parent / "shared" / "data"))
)
REDRESS_TRIAGE_LARGE_AMOUNTS = {
    "CNY": env_int("REDRESS_TRIAGE_LARGE_AMOUNT_CNY", 50_000),
    "USD": env_int("REDRESS_TRIAGE_LARGE_AMOUNT_USD", 10_000),
    "HKD": env_int("REDRESS_TRIAGE_LARGE_AMOUNT_HKD", 80_000),
    "TWD": env_int("REDRESS_TRIAGE_LARGE_AMOUNT_TWD", 300_000),
    "GBP": env_int("REDRESS_TRIAGE_LARGE_AMOUNT_GBP", 8_000),
    "EUR": env_int("REDRESS_TRIAGE_LARGE_AMOUNT_EUR", 9_000),
}
REDRESS_TRIAGE_ENABLED = env_bool("REDRESS_TRIAGE_ENABLED", default=True)
REDRESS_TRIAGE_NOTIFY = env_bool("REDRESS_TRIAGE_NOTIFY", default=True)
REDRESS_TRIAGE_URGENT_THRESHOLD = env_int("REDRESS_TRIAGE_URGENT_PERCENT", 50) / 100
REDRESS_TRIAGE_FLAG_THRESHOLD = env_int("REDRESS_TRIAGE_FLAG_PERCENT", 50) / 100
# Urgency counts only for complaints: below this is_complaint probability a text raises no flag.
REDRESS_TRIAGE_COMPLAINT_FOR_URGENCY = env_int("REDRESS_TRIAGE_COMPLAINT_FOR_URGENCY_PERCENT", 40) / 100
REDRESS_TRIAGE_STAFF_WEIGHT = 2.0
REDRESS_TRIAGE_CORRECTION_WEIGHT = 4.0
REDRESS_TRIAGE_CACHE_SECONDS = env_int("REDRESS_TRIAGE_CACHE_SECONDS", 30)
# Triage reads at most this much of a complaint: its cost grows with the text, and a long letter says what it
# is about well before the end (bench/README.md, "Triage").
REDRESS_TRIAGE_MAX_CHARS = env_int("REDRESS_TRIAGE_MAX_CHARS", 10_000)
