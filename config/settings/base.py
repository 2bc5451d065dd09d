"""Settings shared by every environment. Secrets and keys come from the environment only."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import ConfigError, env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_countries",
    "django_tasks_db",
    "azat.core",
    "azat.accounts",
    "azat.api",
    "azat.hotline",
    "azat.screening",
    "azat.cases",
    "azat.referrals",
    "azat.knowledge",
    "azat.prosecution",
    "azat.linkage",
    "azat.network",
    "azat.reporting",
    "azat.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "azat.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "azat.accounts.middleware.SessionLifetimeMiddleware",
    "azat.accounts.middleware.MFARequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "azat.core.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "azat.accounts.context_processors.membership",
            ],
        },
    }
]

_database_url = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'azat.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
except ValueError as exc:  # dj-database-url raises ValueError for unknown schemes
    raise ConfigError(f"DATABASE_URL is not a database address Azat understands ({exc}).") from exc
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    # ASVS 5.0 V6.2: length is what matters; no composition rules, no forced rotation.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "azat.accounts.validators.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]

# django-allauth: e-mail login, no self sign-up (people are invited), MFA with TOTP.
ACCOUNT_ADAPTER = "azat.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # Five failed sign-ins per e-mail address in five minutes, twenty per IP address in ten.
    "login_failed": "20/10m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Azat] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Azat"
MFA_RECOVERY_CODE_COUNT = 10
MFA_ADAPTER = "azat.accounts.adapters.MFAAdapter"
USERSESSIONS_TRACK_ACTIVITY = True
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# Sessions: 15 minutes idle, 8 hours absolute (hotline computers are shared).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AZAT_SESSION_IDLE_TIMEOUT = timedelta(minutes=15)
AZAT_SESSION_ABSOLUTE_LIFETIME = timedelta(hours=8)
SESSION_COOKIE_AGE = int(AZAT_SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Internationalisation: Russian and English complete; the public site in seven languages.
LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", _("Russian")),
    ("en", _("English")),
    ("kk", _("Kazakh")),
    ("ky", _("Kyrgyz")),
    ("uz", _("Uzbek")),
    ("tg", _("Tajik")),
    ("tk", _("Turkmen")),
]
STAFF_LANGUAGES = ("ru", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
# The country's own name, not the older Russian exonym django-countries ships ("Киргизия").
COUNTRIES_OVERRIDE = {"KG": _("Kyrgyzstan")}
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers. No inline script or style anywhere: the CSP has no 'unsafe-inline'.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Field encryption and lookup hashes (docs/adr/0001-field-encryption-and-keys.md).
AZAT_FIELD_KEYS = env_str("AZAT_FIELD_KEYS")
AZAT_LOOKUP_KEY = env_str("AZAT_LOOKUP_KEY")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "azat.api.authentication.MFATokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["azat.api.permissions.IsStaffMemberWithMFA"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "600/min"},
    "EXCEPTION_HANDLER": "azat.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Azat API",
    "DESCRIPTION": "Versioned JSON API of the Azat national referral mechanism system.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SERVE_PERMISSIONS": ["azat.api.permissions.IsStaffMemberWithMFA"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set that several serializers share.
    "ENUM_NAME_OVERRIDES": {
        "ConsentGivenByEnum": "azat.cases.models.ConsentGiver",
        "GenderEnum": "azat.cases.models.Gender",
        "RecruiterRelationEnum": "azat.cases.models.RecruiterRelation",
        "PerpetratorRoleEnum": "azat.network.models.PerpetratorRole",
    },
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Long work (linkage runs) is queued in the database and run by `manage.py db_worker`, which
# `make run` starts beside the web server. Tests run tasks immediately (config/settings/test.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

MAILERS: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = "azat@localhost"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "azat.core.logging.RedactFilter"}},
    "formatters": {"json": {"()": "azat.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Replaces Django's default "django" handlers: with DEBUG on they print every line a
        # second time, unredacted and not as JSON (the task worker's lines among them).
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
CSRF_FAILURE_VIEW = "azat.core.errors.csrf_failure"
