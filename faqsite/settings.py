"""Settings for faqsite: one module, driven by environment variables.

Every variable is documented in README.md and .env.example. Local defaults just work;
with DJANGO_DEBUG=false the variables that production needs are required.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from faqsite.env import (
    cache_from_url,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_required,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "local-development-only-not-a-secret")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    _production = "when DJANGO_DEBUG is false"
    SECRET_KEY = env_required("DJANGO_SECRET_KEY", because=_production)
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(f"DJANGO_ALLOWED_HOSTS must be set {_production}.")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its tabbed admin can patch it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "reversion",
    "faq",
    "contacts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Production serving (README "Production"): 304s for every page, then the page cache,
    # which must sit outside CSRF so that it sees the token cookie of a page with a form.
    "django.middleware.http.ConditionalGetMiddleware",
    "faq.cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "faqsite.urls"
WSGI_APPLICATION = "faqsite.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]


DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    )
}
# Read replicas: reads go to DATABASE_REPLICA_URL when it is set (faqsite/db_router.py).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(
        env_str("DATABASE_REPLICA_URL"), name="DATABASE_REPLICA_URL"
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["faqsite.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Japanese is the source language; English is the translation and falls back to Japanese.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "ja"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ja",)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}

# modeltranslation's tabbed admin needs jQuery UI; it is served from our own static files
# (static/vendor/jquery-ui, v1.14.2, MIT) instead of the default CDN, which a strict Content
# Security Policy and offline machines would block.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# Cache: local memory by default, one Redis shared by every app server with CACHE_URL.
# Public pages stay cached for CACHE_PAGE_SECONDS at most (0 turns the page cache off).
CACHES = {"default": cache_from_url(env_str("CACHE_URL"))}
CACHE_PAGE_SECONDS = env_int("CACHE_PAGE_SECONDS", 600)
