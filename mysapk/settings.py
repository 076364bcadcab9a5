"""Settings for the MySAPK Kartu ASN Virtual portal.

Everything that differs between a laptop and production is read from the environment
(README, "Configuration"). Development needs no variables at all; with DEBUG off the
portal refuses to start until the production variables are set.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mysapk.env import (
    development_secret_key,
    email_settings,
    env_bool,
    env_int,
    env_required,
    qr_signing_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
DATA_DIR = Path(os.environ.get("DATA_DIR") or BASE_DIR / "var").resolve()

SECRET_KEY = env_required("SECRET_KEY", "", debug=DEBUG) or development_secret_key(DATA_DIR)
# The card QR's signing key (Ed25519) and the key ring that keeps retired keys published
# (cards.signing.keys).
QR_SIGNING_KEY = qr_signing_key(debug=DEBUG)
QR_KEY_DIR = Path(os.environ.get("QR_KEY_DIR") or DATA_DIR / "qr_keys").resolve()
ALLOWED_HOSTS = env_required(
    "ALLOWED_HOSTS",
    "127.0.0.1,localhost,testserver",
    debug=DEBUG,
).split(",")
PUBLIC_BASE_URL = env_required("PUBLIC_BASE_URL", "http://127.0.0.1:8000", debug=DEBUG).rstrip("/")
if not PUBLIC_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("PUBLIC_BASE_URL must be an absolute http(s) URL")
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
REDIS_URL = os.environ.get("REDIS_URL", "")

INSTALLED_APPS = [
    "mysapk.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "captcha",
    "accounts",
    "cards",
    "verification",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mysapk.outage.CacheOutageMiddleware",  # outside everything that reads the cache
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mysapk.language.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.login.sessions.SessionLifetimeMiddleware",
    "accounts.login.devices.LastSeenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mysapk.permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "mysapk.urls"
WSGI_APPLICATION = "mysapk.wsgi.application"

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
                # "Riwayat Verifikasi" on the card page, without cards knowing verification
                "verification.context_processors.card_page_panels",
            ],
        },
    },
]

# Database: SQLite in DATA_DIR unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'mysapk.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when configured, shared by every app server (throttling, sessions). Sessions
# and counters must not be evicted, so rendered card files never go there: each process keeps
# its latest renders in a small local cache (a miss costs one storage read, never a render).
# A Redis that does not answer within REDIS_TIMEOUT_SECONDS fails the request with a 503.
RENDER_CACHE_ENTRIES = env_int("RENDER_CACHE_ENTRIES", 64)
REDIS_TIMEOUT_SECONDS = env_int("REDIS_TIMEOUT_SECONDS", 2)
render_cache = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renders",
    "OPTIONS": {"MAX_ENTRIES": RENDER_CACHE_ENTRIES},
}
# The parts of the page frame that are the same for every visitor in a language (the {% cache %}
# fragments of templates/base.html), kept in each process: no round trip to draw them. Never
# anything that holds a user, a CSRF token, a nonce, a path or a message.
template_fragments = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template_fragments",
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mysapk"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        },
        "renders": render_cache,
        "template_fragments": template_fragments,
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renders": render_cache,
        "template_fragments": template_fragments,
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Media (photos, rendered cards): private files, never served by URL. S3-compatible
# storage when a bucket is configured, otherwise files under DATA_DIR.
MEDIA_ROOT = DATA_DIR / "media"
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
if DEBUG:
    # Serve straight from the source folders; nothing to collect in development.
    WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Accounts and passwords
AUTH_USER_MODEL = "accounts.Employee"
AUTHENTICATION_BACKENDS = ["cards.auth.EmployeeWithCardBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "accounts.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("nip", "name", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling: failures counted per NIP and per client address (IPv6: per /64) in the
# shared cache. Past the NIP limit the NIP is locked; past the address limit the login form
# asks for a captcha, so colleagues behind the same NAT can still log in.
LOGIN_FAILURE_LIMIT_PER_NIP = env_int("LOGIN_FAILURE_LIMIT_PER_NIP", 5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 30)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
# "Lupa Kata Sandi": requests per NIP and per address; past either the page answers the same
# and no e-mail leaves.
PASSWORD_RESET_LIMIT_PER_NIP = env_int("PASSWORD_RESET_LIMIT_PER_NIP", 3)
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 30)
PASSWORD_RESET_WINDOW_SECONDS = env_int("PASSWORD_RESET_WINDOW_SECONDS", 60 * 60)
# QR login: new codes and status polls per browser session and per address. Offices put many
# computers behind one address; the login page polls every 2 seconds.
QR_LOGIN_CREATE_LIMIT_PER_SESSION = env_int("QR_LOGIN_CREATE_LIMIT_PER_SESSION", 15)
QR_LOGIN_CREATE_LIMIT_PER_ADDRESS = env_int("QR_LOGIN_CREATE_LIMIT_PER_ADDRESS", 300)
QR_LOGIN_CREATE_WINDOW_SECONDS = env_int("QR_LOGIN_CREATE_WINDOW_SECONDS", 10 * 60)
QR_LOGIN_POLL_LIMIT_PER_SESSION = env_int("QR_LOGIN_POLL_LIMIT_PER_SESSION", 60)
QR_LOGIN_POLL_LIMIT_PER_ADDRESS = env_int("QR_LOGIN_POLL_LIMIT_PER_ADDRESS", 3000)
QR_LOGIN_POLL_WINDOW_SECONDS = env_int("QR_LOGIN_POLL_WINDOW_SECONDS", 60)

# Photo uploads per employee: each one is decoded, the costliest thing a user can ask for.
# Ten tries cover choosing and retaking a photo; past them the employee waits one window.
PHOTO_UPLOAD_LIMIT = env_int("PHOTO_UPLOAD_LIMIT", 10)
PHOTO_UPLOAD_WINDOW_SECONDS = env_int("PHOTO_UPLOAD_WINDOW_SECONDS", 10 * 60)

# Sessions: 30 minutes idle (renewed at most once a minute by SessionLifetimeMiddleware),
# 12 hours at most.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_MAX_LIFETIME = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Security headers; HTTPS-only settings apply whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful features no page uses; a view may allow one for itself (mysapk.permissions_policy).
PERMISSIONS_POLICY_DENIED = ("camera", "microphone", "geolocation", "payment", "usb")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False
CSRF_TRUSTED_ORIGINS = [PUBLIC_BASE_URL]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Language and time: Indonesian first, English second; times in WIB.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
FORMAT_MODULE_PATH = ["mysapk.formats"]  # 30 November 2026, 10.41 WIB (also in the admin)
USE_TZ = True

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "MySAPK <no-reply@mysapk.local>")
globals().update(email_settings(os.environ.get("EMAIL_URL", "")))

# Captcha (public verification): never in test mode outside the test suite.
CAPTCHA_TEST_MODE = False
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_IMAGE_SIZE = (240, 84)  # drawn at the size it is shown on a phone
CAPTCHA_FONT_SIZE = 54
CAPTCHA_LETTER_ROTATION = (-25, 25)

# Public verification: per client address, in the shared cache (README, "Verifikasi publik").
VERIFICATION_VIEW_LIMIT = env_int("VERIFICATION_VIEW_LIMIT", 120)
VERIFICATION_SUBMIT_LIMIT = env_int("VERIFICATION_SUBMIT_LIMIT", 30)
# Checks by a logged-in employee, who gets no captcha, per account and window.
VERIFICATION_ACCOUNT_LIMIT = env_int("VERIFICATION_ACCOUNT_LIMIT", 30)
VERIFICATION_WINDOW_SECONDS = env_int("VERIFICATION_WINDOW_SECONDS", 10 * 60)
# A signed photo link lives long enough to look, too short to hand around.
VERIFICATION_PHOTO_LINK_SECONDS = env_int("VERIFICATION_PHOTO_LINK_SECONDS", 5 * 60)

# Employee import in the admin: one file is read within one request. Bigger files go through
# `manage.py import_employees`, which has no caps.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1000 * 1000)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)

# Background jobs: Celery workers on the Redis broker (the queue's fixed policy and schedule
# are in mysapk/celery.py). Without REDIS_URL a job runs in the process that asks for it, so
# development needs no worker. A worker that dies mid-job gives its job back: the broker hands
# an unacknowledged message to another worker after JOB_VISIBILITY_TIMEOUT_SECONDS, longer
# than any job runs (a batch of 200 card renders takes about a minute).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("JOB_VISIBILITY_TIMEOUT_SECONDS", 60 * 60),
    "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
    "socket_timeout": REDIS_TIMEOUT_SECONDS * 5,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
