"""Scrutiny's one settings module.

Everything that differs between a laptop and production is read from the environment through the
helpers in ``scrutiny.env``, which fail loudly on a bad value. A fresh checkout needs no
configuration: it runs in development mode on SQLite under ``var/``. Production
(``SCRUTINY_ENV=production``) refuses to start without a real ``SECRET_KEY`` and turns on secure
cookies, HSTS and compulsory two-factor sign-in.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from scrutiny.env import env_bool, env_int, env_int_list, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SCRUTINY_VAR_DIR", str(BASE_DIR / "var")))

SCRUTINY_ENV = env_str("SCRUTINY_ENV", "development")
if SCRUTINY_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"SCRUTINY_ENV must be development or production, not {SCRUTINY_ENV!r}")
PRODUCTION = SCRUTINY_ENV == "production"

# Django's debug pages show tracebacks, settings and every URL: only for a developer who asks for them
# (`scrutiny serve --debug`, `scrutiny demo --debug` or DEBUG=1), never by default, not even in the demo.
DEBUG = env_bool("DEBUG", default=False)

# A development key is fine on a laptop; production must be given its own.
_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdefghijklmnop"  # noqa: S105 - development only; production refuses it below
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET_KEY)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters in production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address put in e-mailed links. A configured one always wins (behind a proxy the address
# gunicorn serves is internal); where none is, `scrutiny serve` and `scrutiny demo` set it to the
# address they serve before they start the web server, the task worker and the scheduler.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    # Before allauth, so our GOV.UK versions of its templates are the ones found.
    "scrutiny.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "django_tasks_db",
    "scrutiny.partnerships",
    "scrutiny.clocks",
    "scrutiny.figures",
    "scrutiny.mail",
    "scrutiny.frameworks",
    "scrutiny.evidence",
    "scrutiny.actions",
    "scrutiny.assurance",
    "scrutiny.reviews",
    "scrutiny.performance",
    "scrutiny.governance",
    "scrutiny.audits",
    "scrutiny.voice",
    "scrutiny.engagement",
    "scrutiny.reports",
    "scrutiny.home",
    "scrutiny.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "scrutiny.accounts.middleware.RequireSecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "scrutiny.urls"
WSGI_APPLICATION = "scrutiny.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "scrutiny" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scrutiny.partnerships.context_processors.partnership",
                "scrutiny.clocks.context_processors.clock_settings",
            ],
            # The one "not yet confirmed" component, for every room's pages.
            "libraries": {"confirmation": "scrutiny.confirmation"},
        },
    },
]
# GOV.UK form markup comes from our own templates under templates/django/forms/.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Databases: SQLite under var/ by default; PostgreSQL 15+ by DATABASE_URL.
_sqlite_options = {
    # WAL and a busy timeout let the web server and the task worker write at once.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = _sqlite_options
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "scrutiny.sqlite3"),
            "OPTIONS": _sqlite_options,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache that every process shares, so login throttling holds across web workers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "scrutiny_cache",
    }
}

# Background work: Django's task framework with a database-backed worker (no extra server).
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# NCSC password guidance: length over complexity, and block passwords known to be common.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "scrutiny.accounts.adapter.InvitationOnlyAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # an invitation link proves the address
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Login throttling (allauth, through the shared database cache): at most 10 failed sign-ins a
# minute from one address, and 5 failures for one account lock it for 15 minutes.
ACCOUNT_RATE_LIMITS = {"login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/900s/key")}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# The invitation link proved the address, so allauth need not ask for a separate verification
# before someone sets up their authenticator app.
MFA_ALLOW_UNVERIFIED_EMAIL = True
ACCOUNT_REAUTHENTICATION_METHODS = {"password", "mfa"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Scrutiny: "
MFA_TOTP_ISSUER = "Scrutiny"
# Compulsory second factor for every signed-in person (demo users exempt).
SCRUTINY_REQUIRE_MFA = env_bool("SCRUTINY_REQUIRE_MFA", default=PRODUCTION)
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)

# A YAML file that changes the length, unit or source of shipped statutory clocks (see README).
SCRUTINY_CLOCK_OVERRIDES = env_str("SCRUTINY_CLOCK_OVERRIDES")

# Indicator counting rules that DfE's methodology leaves open (a JSON object; see README).
SCRUTINY_INDICATOR_RULES = env_str("SCRUTINY_INDICATOR_RULES")
# The public feedback pages: how many submissions one person (a salted hash of their address,
# kept in the cache for an hour, never stored) may send per partnership per hour, and the most
# characters one answer may have.
SCRUTINY_VOICE_PER_HOUR = env_int("SCRUTINY_VOICE_PER_HOUR", 5)
SCRUTINY_VOICE_MAX_CHARS = env_int("SCRUTINY_VOICE_MAX_CHARS", 3000)
# The largest return file an import accepts (bytes); a national CIN census is about 800 MB.
SCRUTINY_MAX_RETURN_BYTES = env_int("SCRUTINY_MAX_RETURN_BYTES", 2 * 1024**3)
# A CIN census in which more than this percentage of children have records that cannot be true
# (scrutiny.performance.returns.cin_quality) is refused whole; below it, the broken records are
# listed and left out of the indicators they would distort.
SCRUTINY_CIN_MAX_CHILDREN_WITH_PROBLEMS_PERCENT = env_int("SCRUTINY_CIN_MAX_CHILDREN_WITH_PROBLEMS_PERCENT", 5)
# Published figures show counts of 1 to this many children as "c" (scrutiny.figures.suppression).
SCRUTINY_SUPPRESS_UP_TO = env_int("SCRUTINY_SUPPRESS_UP_TO", 5)
# The demo's synthetic returns, in percent of the real LA's volume (the tests use less).
SCRUTINY_DEMO_RETURN_PERCENT = env_int("SCRUTINY_DEMO_RETURN_PERCENT", 100)

# Sessions expire after 8 hours, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A form sent without its security token (usually one left open too long) gets the GOV.UK 403 page.
CSRF_FAILURE_VIEW = "scrutiny.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- E-mail ----------------------------------------------------------------------------------
# Console in development; SMTP in production (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, …).
if env_str("EMAIL_BACKEND", "smtp" if PRODUCTION else "console") == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                # Seconds before a silent mail server fails the attempt (to be tried again), rather
                # than holding the worker: an attempt unfinished after 15 minutes is then surely dead.
                "timeout": env_int("EMAIL_TIMEOUT", 60),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Scrutiny <no-reply@scrutiny.invalid>")
# E-mail goes out through the task worker (scrutiny.mail); an attempt the mail server refuses is
# tried again after each of these pauses, in minutes, then recorded as not sent.
SCRUTINY_MAIL_RETRY_MINUTES = env_int_list("SCRUTINY_MAIL_RETRY_MINUTES", [1, 5, 15])

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
# Uploaded evidence: size limit per file; files above 2.5 MB go to a temporary file, not memory.
# The reverse proxy in front should cap request bodies at about this limit plus 1 MB.
EVIDENCE_MAX_UPLOAD_MB = env_int("EVIDENCE_MAX_UPLOAD_MB", 20)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640

STATICFILES_DIRS = [BASE_DIR / "scrutiny" / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
# Hashed, compressed files whatever DEBUG says, so a developer sees what users get: `scrutiny serve`
# and `scrutiny demo` collect them first. The tests use plain storage (scrutiny/conftest.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LANGUAGE_CODE = "en-gb"
# The public feedback pages are translatable (voice room, ?lang=cy); staff pages are in English.
# A language without a catalogue falls back to English, string by string.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every step of every PDF at INFO, and CSS it ignores at WARNING.
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 100
