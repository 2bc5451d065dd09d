"""Production: everything from the environment, HTTPS only, strict cookies."""

from config.env import env_bool, env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import SECURE_CSP

DEBUG = False
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_CSP = {**SECURE_CSP, "upgrade-insecure-requests": True}
MAILERS = {  # base.py has the console mailer for development
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": int(env_str("EMAIL_PORT", "25")),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        },
    }
}
