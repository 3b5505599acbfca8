"""Settings for faqsite: one module, driven by environment variables.

Every variable is documented in docs/configuration.md and .env.example. Local defaults just work;
with DJANGO_DEBUG=false the variables that production needs are required.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from faqsite.env import (
    cache_from_url,
    database_from_url,
    env_bool,
    env_header_pair,
    env_int,
    env_list,
    env_networks,
    env_required,
    env_site_url,
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
    # faq first: its loaddata command (which extends modeltranslation's) is the one that runs.
    "faq",
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
    "contacts",
]

MIDDLEWARE = [
    # Outside the page cache, so that a question page served from it, opened from search,
    # still counts as that search's click.
    "faq.search.clicks.SearchClickMiddleware",
    # A public page an anonymous visitor gets from the cache is answered here as it was sent
    # (every header below included), before anything else runs (docs/caching.md).
    "faq.cache.PageCacheMiddleware",
    # The security headers next, so that redirects and errors answered by any middleware
    # below carry them too; the outermost one adds SecurityMiddleware's to the response made
    # from an exception it raised itself (a bad Host refused by the https redirect).
    "faqsite.middleware.SecurityHeadersMiddleware",
    "faqsite.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Production serving (docs/caching.md): 304s for every page, cached or not.
    "django.middleware.http.ConditionalGetMiddleware",
    # Marks each response public or private, and drops the query parameters a public page's
    # view does not read before sessions, locale, CSRF, authentication and messages see them.
    "faq.cache.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "faqsite.urls"
WSGI_APPLICATION = "faqsite.wsgi.application"

_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "django.template.context_processors.i18n",
    "faq.context_processors.site",
]
# The visitors' pages are Jinja2 (templates/jinja2/, faq/templating.py): searched first, so
# "faq/home.html" is theirs; the admin and everything else is Django's template language.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "faq.templating.environment",
            "context_processors": _CONTEXT_PROCESSORS,
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": _CONTEXT_PROCESSORS},
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
# In development (and tests) WhiteNoise finds static files as they are requested, from the
# app directories, instead of scanning a STATIC_ROOT that only collectstatic creates.
WHITENOISE_AUTOREFRESH = DEBUG

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
# Without CACHE_URL each process caches in its own memory, so what every process must agree
# on (the content version, the rate-limit counters) is kept in the database instead.
FAQ_SHARED_STATE = "cache" if env_str("CACHE_URL") else "database"
# HTTP caching of public pages for anonymous visitors (docs/caching.md): browsers keep a page
# CACHE_BROWSER_SECONDS, shared caches (the bundled nginx, a CDN) CACHE_SHARED_SECONDS and
# may serve it CACHE_STALE_SECONDS longer while they fetch a fresh one. An edit reaches every
# visitor within the sum of the three and 1 s (151 s by default).
CACHE_BROWSER_SECONDS = env_int("CACHE_BROWSER_SECONDS", 60)
CACHE_SHARED_SECONDS = env_int("CACHE_SHARED_SECONDS", 60)
CACHE_STALE_SECONDS = env_int("CACHE_STALE_SECONDS", 30)

# --- Security (issue 6; every variable is in docs/configuration.md and SECURITY.md) ---------
# Secure by default: with DJANGO_DEBUG=false nothing else is needed for HTTPS-only serving,
# HSTS and secure cookies. Plain-http serving (local benchmarks) opts out explicitly.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Secure cookies follow the redirect by default: a site served over plain http on purpose
# could not keep its session or CSRF cookie otherwise.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a TLS-terminating proxy, e.g. "HTTP_X_FORWARDED_PROTO,https". Only set it when the
# proxy always overwrites that header: otherwise a client could claim https itself.
SECURE_PROXY_SSL_HEADER = env_header_pair("DJANGO_SECURE_PROXY_SSL_HEADER")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Only editors hold sessions: a working day, and never beyond the browser's life.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The admin's address; a non-default one keeps the login page out of drive-by scans.
ADMIN_URL = env_str("DJANGO_ADMIN_URL", "admin/").strip().strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("DJANGO_ADMIN_URL must not be empty or '/'.")

# Where the client's address comes from for rate limits and the admin lockout (faq/ratelimit.py):
# REMOTE_ADDR, or, when REMOTE_ADDR is one of the trusted proxies (addresses or networks), the
# right-most untrusted entry of the header they set (e.g. HTTP_X_FORWARDED_FOR). With no
# trusted proxies the header is ignored (and `manage.py check` warns).
CLIENT_IP_HEADER = env_str("DJANGO_CLIENT_IP_HEADER", "").strip()
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES")

# The site's own address for absolute URLs (canonical, hreflang, og:url, JSON-LD, sitemap,
# robots.txt) and the https redirect, so that no Host header (nor its port) reaches a page.
# Unset, the request's scheme and host are used: fine in development; `check --deploy` warns.
SITE_URL = env_site_url("DJANGO_SITE_URL")
if SITE_URL.startswith("https://"):
    SECURE_SSL_HOST = SITE_URL.removeprefix("https://")

# Helpfulness votes per client address per 10 minutes (faq/votes.py). bench/load.py raises
# it, since all its simulated visitors share 127.0.0.1.
FAQ_VOTE_LIMIT = env_int("FAQ_VOTE_LIMIT", 20)

# Days the search log keeps a search (faq/search/analytics.py, manage.py prune_search_log);
# also the longest period the admin's search analytics show.
FAQ_SEARCH_LOG_DAYS = env_int("FAQ_SEARCH_LOG_DAYS", 90)
if FAQ_SEARCH_LOG_DAYS < 1:
    raise ImproperlyConfigured("FAQ_SEARCH_LOG_DAYS must be at least 1.")
# Seconds a search waits to be logged (faq.search.log_writer: in batches, off the request
# path); 0 writes each as it is made, in the request.
FAQ_SEARCH_LOG_SECONDS = env_int("FAQ_SEARCH_LOG_SECONDS", 1)

# Months after publication (or after the last "Confirm still correct") by which someone
# must re-check a question's answer; the admin lists the overdue ones (faq/editorial/).
FAQ_REVIEW_MONTHS = env_int("FAQ_REVIEW_MONTHS", 12)
if FAQ_REVIEW_MONTHS < 1:
    raise ImproperlyConfigured("FAQ_REVIEW_MONTHS must be at least 1.")

# Content Security Policy (django-csp): nothing inline, nothing from elsewhere. The Django
# admin and modeltranslation's tabbed admin load only same-origin files (their settings data
# travels in data- attributes), so one policy covers the public site and the admin.
INSTALLED_APPS += ["csp", "axes"]
MIDDLEWARE += [
    # django-axes must come last: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Admin login lockout (django-axes). Failures are kept in the database, which every app
# server shares and which outlives a cache restart; the admin lists them under "Axes".
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("DJANGO_AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_AXES_COOLOFF_MINUTES", 30))
# Lock a user name per address: an attacker elsewhere cannot lock an editor out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "faq.ratelimit.client_ip"
# No start-up banner on every command; lockouts are still logged (user and address masked).
AXES_VERBOSE = False
