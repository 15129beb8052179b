"""Settings for every environment.

What differs between a laptop, CI and production comes from environment variables; each is
documented in the README. Defaults are for local development: SQLite under var/, an
in-process cache, tasks run in-process, e-mail printed to the console.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from tpc_portal.beat import beat_schedule
from tpc_portal.env import env, env_bool, env_list, parse_cache_url, parse_email_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=true for local development)."
        )
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The form renderer reads templates through TEMPLATES: Django's widget templates too.
    "django.forms",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "rest_framework",
    "knox",
    # Site keys for partner sites (projects.SiteKey); its own APIKey model is unused.
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_countries",  # ISO 3166 names, translated (its own catalogue)
    "rules.apps.AutodiscoverRulesConfig",
    "tpc_portal.apps.PortalConfig",
    "members",
    "notifications",
    "steering",
    "workinggroups",
    "projects",
    "events",
    # The composition root: it imports the apps above, nothing imports it.
    "portal.apps.PortalRootConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in person's time zone, for pages and for the dates they type into forms.
    "tpc_portal.timezones.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "tpc_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------
(BASE_DIR / "var" / "static").mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        # Persistent connections with health checks: measured, this alone doubles the
        # throughput of a list endpoint against PostgreSQL.
        conn_max_age=env("CONN_MAX_AGE", default=600, cast=int),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": parse_cache_url(env("CACHE_URL", default="locmem://"))}

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's, reading the account with its profile and institution in one
    # query (members/backends.py).
    "members.backends.ModelBackend",
    "members.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Adds the person's name (required) to the fields above; see members.forms.SignupNameForm.
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupNameForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_RATE_LIMITS = {
    # The 6th failed log-in for one address within five minutes is refused.
    "login_failed": "10/m/ip,5/5m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[TPC Portal] "
# Links in account e-mails use the scheme the portal is really served with.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
# Sign-up creates the researcher profile; verifying an address may affiliate its owner.
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "members.adapters.SocialAccountAdapter"

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "TPC Portal"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

ORCID_CLIENT_ID = env("ORCID_CLIENT_ID", default="")
ORCID_SECRET = env("ORCID_SECRET", default="")
if ORCID_CLIENT_ID and ORCID_SECRET:
    # ORCID log-in is offered (its button and routes exist) only once it is configured.
    INSTALLED_APPS.append("allauth.socialaccount.providers.orcid")
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_PROVIDERS = {
    "orcid": {
        "BASE_DOMAIN": env("ORCID_BASE_DOMAIN", default="orcid.org"),
        "MEMBER_API": False,
        "APPS": [{"client_id": ORCID_CLIENT_ID, "secret": ORCID_SECRET, "key": ""}],
    }
}

# --- E-mail -------------------------------------------------------------------------------
MAILERS = {
    "default": parse_email_url(
        env("EMAIL_URL", default="console://" if DEBUG else "smtp://localhost:25")
    )
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="TPC Portal <portal@tpc.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
# The second gives django-allauth's texts the portal's voice (see its README.md).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "tpc_portal" / "allauth_voice" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Dates and times as the portal writes them: each time with its zone.
FORMAT_MODULE_PATH = ["tpc_portal.formats"]
# One form layout everywhere: label, help, the field's errors, the field; a summary on top.
FORM_RENDERER = "tpc_portal.forms.PortalFormRenderer"

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "tpc_portal.staticfiles.StaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# The proxies of ours in front of the app (e.g. 1: the TLS proxy). Rate limits key on the
# client address that many entries from the right of X-Forwarded-For; with 0 the header is
# ignored. Read by tpc_portal.net (allauth's and DRF's limits) and by gunicorn.conf.py.
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT", default=0, cast=int)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more, e.g. 1 behind one proxy.")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# A refused form answers in the portal's layout (or as JSON under /api/).
CSRF_FAILURE_VIEW = "tpc_portal.error_views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sessions live in the database and are read through the cache: every page a signed-in
# person opens then skips a database query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated call gets 401 with WWW-Authenticate, not 403.
        "tpc_portal.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # DRF's own default is AllowAny: every endpoint here starts closed.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "tpc_portal.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["tpc_portal.api.FilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "tpc_portal.throttling.AnonRateThrottle",
        "tpc_portal.throttling.UserRateThrottle",
    ],
    # Any other DRF code that asks for the client's address follows the same rule.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
        "user": env("API_THROTTLE_USER", default="1200/minute"),
        # --- Usage: per partner-site key (projects/authentication.py); a usage batch is up
        # to 1,000 records.
        "site_key": env("API_THROTTLE_SITE_KEY", default="600/minute"),
        # Each call ranks every project against a draft (projects/api_similar.py).
        "similar_work": env("API_THROTTLE_SIMILAR_WORK", default="60/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tpc_portal.api.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=365),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "TPC Portal API",
    "DESCRIPTION": "REST API of the Trillion Parameter Consortium portal, for partner sites "
    "and scripts.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Deep links put a link inside each operation's button (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    # The error answers (400/401/403/404/429, one shape) on every operation.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tpc_portal.schema.error_responses",
    ],
    # Several models have a `kind` or a `status`: name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "InstitutionKindEnum": "members.models.Institution.Kind",
        "InstitutionStatusEnum": "members.models.Institution.Status",
        "CaseKindEnum": "steering.models.Case.Kind",
        "CaseStatusEnum": "steering.models.Case.Status",
        "MeetingStatusEnum": "workinggroups.models.Meeting.Status",
        "ProjectKindEnum": "projects.models.Project.Kind",
        "ProjectStatusEnum": "projects.models.Project.Status",
        "OutputKindEnum": "projects.models.Output.Kind",
        # --- Allocations
        "ResourceKindEnum": "projects.models.Resource.Kind",
        "ResourceUnitEnum": "projects.models.Resource.Unit",
        "AllocationStatusEnum": "projects.models.Allocation.Status",
        # --- Usage
        "UsageRecordKindEnum": "projects.models.UsageRecord.Kind",
        # --- Events
        "EventKindEnum": "events.models.Event.Kind",
        "EventStatusEnum": "events.models.Event.Status",
        "QuestionKindEnum": "events.models.Question.Kind",
        "RegistrationStatusEnum": "events.models.Registration.Status",
    },
}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# Without a broker, tasks run in-process: `make run` needs nothing but Python.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
# Retries (with backoff) must fire before Redis would hand an unacknowledged task to
# another worker, or a slow task runs twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# The hour (UTC) at which the daily notification digest goes out.
NOTIFICATIONS_DIGEST_HOUR = env("NOTIFICATIONS_DIGEST_HOUR", default=7, cast=int)
CELERY_BEAT_SCHEDULE = beat_schedule(digest_hour=NOTIFICATIONS_DIGEST_HOUR)

# --- Steering committee ---------------------------------------------------------------------
# Quorum: the share of seats entitled to vote on a case (not recused) that must vote, more
# than 0 and at most 1 (steering's system check refuses any other at start and migrate).
STEERING_QUORUM = env("STEERING_QUORUM", default=0.5, cast=float)

# --- Working groups -------------------------------------------------------------------------
# The largest document a member may upload to a group, in megabytes.
WORKINGGROUPS_DOCUMENT_MAX_BYTES = env("WORKINGGROUPS_DOCUMENT_MAX_MB", default=20, cast=int) * (
    1024 * 1024
)

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
