"""Settings for the Russian Customs Academy: SCIENCE portal, read from the environment.

Development: ``DJANGO_DEBUG=1`` and nothing else. Production: debug off, and the process
refuses to start without ``DJANGO_SECRET_KEY`` (see README, "Deploying").
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value in production, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "reversion",
    "django_tasks",
    "django_tasks_db",
    "core",
    "science_portal",
    "people",
    "publications",
    "events",
]

MIDDLEWARE = [
    "science_portal.middleware.SecurityHeadersMiddleware",
    # The health check answers before the Host header is read or HTTPS is enforced.
    "science_portal.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Outside the outage middleware, so that the API's 503 carries the CORS headers too.
    "science_portal.middleware.ApiCorsMiddleware",
    "science_portal.middleware.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "science_portal.middleware.StyledNotFoundMiddleware",
    # Outside the page cache, so that a publication page served from it is counted too.
    "publications.usage.middleware.UsageMiddleware",
    "core.pagecache.PageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "science_portal.urls"

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

WSGI_APPLICATION = "science_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# PostgreSQL's planner prices a random page read at 4 sequential ones by default, which fits
# spinning disks; the catalogue's tables and indexes live in memory or on SSDs, where 1.1 is
# the usual figure. With the default, a batch of 500 publications' authors (a list export)
# is joined by reading every person (6.6 ms at 20,000 people, and growing) instead of looking
# up the 1,200 authors (3 ms). Set on each connection; empty leaves the server's own value.
RANDOM_PAGE_COST = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1").strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and RANDOM_PAGE_COST:
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(
        filter(
            None, [_options.get("options", ""), f"-c random_page_cost={float(RANDOM_PAGE_COST)}"]
        )
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Russian is the default, English the second; both have URL prefixes.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Moscow"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "ru"
MODELTRANSLATION_LANGUAGES = ("ru", "en")
# An empty field falls back to the other language, whichever is active.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ru", "en")}

# Static files: collected and served by whitenoise with hashed, compressed names.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Media: uploaded files. Never served straight from this folder (see the download views).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    # FileSystemStorage that removes a partial file and says why a write failed.
    "default": {"BACKEND": "core.media.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}


def s3_media_storage(environ):
    """The media storage in an S3-compatible bucket when ``PORTAL_S3_BUCKET`` is set, else None.

    Objects are private (no ACL, signed URLs only, never overwritten); empty keys leave the
    credentials to boto3's usual chain (AWS_* variables, a profile, the instance's role).
    """
    bucket = environ.get("PORTAL_S3_BUCKET", "").strip()
    if not bucket:
        return None
    addressing = environ.get("PORTAL_S3_ADDRESSING", "").strip().lower() or "path"
    if addressing not in {"path", "virtual"}:
        raise ImproperlyConfigured("PORTAL_S3_ADDRESSING is either 'path' or 'virtual'.")
    from botocore.config import Config

    return {
        "BACKEND": "core.media.s3.S3MediaStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("PORTAL_S3_ENDPOINT_URL", "").strip() or None,
            "region_name": environ.get("PORTAL_S3_REGION", "").strip() or None,
            "access_key": environ.get("PORTAL_S3_ACCESS_KEY", "").strip() or None,
            "secret_key": environ.get("PORTAL_S3_SECRET_KEY", "").strip() or None,
            "location": environ.get("PORTAL_S3_PREFIX", "").strip().strip("/"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            # Reading an object (an image to thumbnail) spills to disk past 5 MB.
            "max_memory_size": 5 * 1024 * 1024,
            "client_config": Config(
                s3={"addressing_style": addressing},
                signature_version="s3v4",
                connect_timeout=5,
                read_timeout=30,
                retries={"mode": "standard", "max_attempts": 3},
            ),
        },
    }


if _s3_media := s3_media_storage(os.environ):
    STORAGES["default"] = _s3_media

# Uploads bigger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# Security. Development keeps plain HTTP; production is HTTPS behind a proxy.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # The load balancer probes /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

# The cache: Redis when REDIS_URL is set (shared by every process and app server), local
# memory otherwise. Sessions stay in the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("PORTAL_CACHE_PREFIX", "science"),
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background jobs (science_portal/tasks.py): text extraction, thumbnails, reindexing. By default
# the queue is a database table worked by `manage.py db_worker` (nothing to install beyond
# Python); PORTAL_TASKS_BACKEND=rq puts it on Redis (REDIS_URL, or PORTAL_RQ_URL) for
# `manage.py rqworker default`. REDIS_URL alone does not switch: it only moves the cache.
PORTAL_TASKS_BACKEND = os.environ.get("PORTAL_TASKS_BACKEND", "database").strip().lower()
if PORTAL_TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {
        "default": {
            "URL": os.environ.get("PORTAL_RQ_URL", REDIS_URL or "redis://127.0.0.1:6379/0"),
            "DEFAULT_TIMEOUT": 900,
        }
    }
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif PORTAL_TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif PORTAL_TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured("PORTAL_TASKS_BACKEND must be database, rq or immediate.")
# How many times a failing job runs in all before its row is marked failed.
PORTAL_TASK_ATTEMPTS = int(os.environ.get("PORTAL_TASK_ATTEMPTS", "3"))

# Whole public pages for anonymous visitors (core/pagecache.py), dropped when content changes:
# on by default with a shared cache only (a process's own cache cannot hear of another's
# changes).
PORTAL_PAGE_CACHE_SECONDS = int(
    os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "300" if REDIS_URL else "0")
)
# A streamed answer that asks to be kept (a sitemap file, a list export) is kept up to this size.
PORTAL_PAGE_CACHE_MAX_BYTES = int(os.environ.get("PORTAL_PAGE_CACHE_MAX_BYTES", str(8 * 2**20)))
# How long a request waits for the copy of a page another request is making, then makes it.
PORTAL_PAGE_CACHE_WAIT_SECONDS = float(os.environ.get("PORTAL_PAGE_CACHE_WAIT_SECONDS", "10"))
# The apps whose rows the public pages show: a change to any of their rows, once committed,
# drops every cached page; the models that only count are left out.
PORTAL_CONTENT_APPS = ["people", "publications", "events"]
PORTAL_NOT_CONTENT_MODELS = [
    "publications.FacetSnapshot",
    "publications.UsageEvent",
    "publications.UsageDay",
    "publications.PlatformUsageDay",
]

# Usage statistics (publications.usage): where page views and downloads wait to be counted
# (a Redis list with REDIS_URL, else a database table), and how often, while they come in,
# each process asks the worker to count them (0: only `manage.py aggregate_usage`).
PORTAL_USAGE_BUFFER = os.environ.get(
    "PORTAL_USAGE_BUFFER", "redis" if REDIS_URL else "database"
).strip()
if PORTAL_USAGE_BUFFER not in {"redis", "database"}:
    raise ImproperlyConfigured("PORTAL_USAGE_BUFFER must be redis or database.")
if PORTAL_USAGE_BUFFER == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("PORTAL_USAGE_BUFFER=redis needs REDIS_URL.")
PORTAL_USAGE_REDIS_KEY = f"{os.environ.get('PORTAL_CACHE_PREFIX', 'science')}:usage:events"
PORTAL_USAGE_AGGREGATE_SECONDS = int(os.environ.get("PORTAL_USAGE_AGGREGATE_SECONDS", "60"))

# Content-Security-Policy: scripts, styles, fonts and images from the portal itself only; no
# inline scripts (JSON-LD data blocks are not scripts). The admin's widgets set inline
# styles, so styles allow them; nothing else does.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PORTAL_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), browsing-topics=(), interest-cohort=()"
)

# Addresses of the proxies in front of the portal (nginx, a load balancer), whose
# X-Forwarded-For names the client: core.clients.client_ip.
PORTAL_TRUSTED_PROXIES = env_list("PORTAL_TRUSTED_PROXIES", [])


# Rate limits by name (core.throttle), per client address and minute, overriding the defaults
# in the code: PORTAL_RATE_LIMITS=api=300,search=120; 0 turns one off.
def _rate_limits(items):
    limits = {}
    for item in items:
        name, _sep, number = item.partition("=")
        if not number.strip().isdigit():
            raise ImproperlyConfigured(f"PORTAL_RATE_LIMITS: {item!r} is not name=number.")
        limits[name.strip()] = int(number)
    return limits


PORTAL_RATE_LIMITS = _rate_limits(env_list("PORTAL_RATE_LIMITS"))

# The public read-only API (science_portal.api): anonymous, JSON, rate limited per address.
REST_FRAMEWORK = {
    # No sessions or tokens: every client is anonymous, so CSRF and logins never matter and
    # staff see no more through the API than anyone else.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["science_portal.api.permissions.ReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["science_portal.api.throttling.ClientAddressThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Russian Customs Academy: SCIENCE — public API",
    "DESCRIPTION": (
        "Read-only JSON of the portal's public content: publications, people, organisations, "
        "events and topics. Texts are given in Russian and English "
        '(`{"ru": ..., "en": ...}`); lists are paginated by cursor (follow `next`).'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # The documentation page's scripts and styles are served by the portal (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "science_portal.api.schema.empty_filter_values",
    ],
}

# Login throttling (django-axes): after 5 wrong passwords for one account from one address,
# that pair is locked out for 15 minutes; a right password resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"
AXES_VERBOSE = False

# Structured logging: one JSON object per line on stdout.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "science_portal.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# Pages and lists.
PAGINATE_BY = 20
# Covering indexes (INCLUDE) serve the public lists on PostgreSQL; SQLite builds the same
# indexes without the included columns, which is all the warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
# Facets of a filtered list are counted exactly over at most this many publications; beyond,
# over the newest this many, scaled and shown as approximate (publications.facets).
FACET_EXACT_LIMIT = int(os.environ.get("PORTAL_FACET_EXACT_LIMIT", "1000"))
# URLs in one sitemap file (the protocol allows 50,000; each page counts once per language).
SITEMAP_MAX_URLS = 50_000
# Uploaded publication files larger than this are refused (bytes).
PUBLICATION_FILE_MAX_SIZE = int(os.environ.get("PORTAL_FILE_MAX_SIZE", 500 * 1024 * 1024))
# Images (photos, covers): largest accepted upload and pixel count.
IMAGE_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
# Optional nginx X-Accel-Redirect prefix for downloads, e.g. "/protected-media/".
DOWNLOAD_ACCEL_REDIRECT_PREFIX = os.environ.get("PORTAL_ACCEL_REDIRECT_PREFIX", "")
# Salt for hashing visitors in download statistics (never store raw IPs).
DOWNLOAD_VISITOR_SALT = os.environ.get("PORTAL_VISITOR_SALT", SECRET_KEY)

# The public base URL, where no request tells it (the OAI-PMH repository identifier).
# Outside debug it defaults to the first allowed host over HTTPS, never to a local address.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL") or (
    f"https://{ALLOWED_HOSTS[0]}" if not DEBUG and ALLOWED_HOSTS else "http://127.0.0.1:8000"
)

# Site search: results per page, the longest query read, and how many matches per kind are
# ranked and counted (more shows as "1000+").
SEARCH_RESULTS_PER_PAGE = PAGINATE_BY
SEARCH_MAX_QUERY_LENGTH = 200
SEARCH_CANDIDATES = 1000
# Text extraction from uploaded files: bounded when a file is saved (the admin waits for it),
# larger for `manage.py reindex`.
SEARCH_EXTRACT_MAX_PAGES = 300
SEARCH_EXTRACT_MAX_CHARS = 300_000
SEARCH_EXTRACT_TIMEOUT = 10.0
SEARCH_REINDEX_EXTRACT_MAX_PAGES = 5000
SEARCH_REINDEX_EXTRACT_MAX_CHARS = 1_000_000
SEARCH_REINDEX_EXTRACT_TIMEOUT = 120.0

# Under debug, a missing page shows the styled 404 as in production, unless this asks for
# Django's technical 404 page (the URL patterns tried).
PORTAL_TECHNICAL_404 = env_bool("PORTAL_TECHNICAL_404")

# OAI-PMH: the repository's contact address shown to harvesters, and its identifier
# (the host name in oai:HOST:ID identifiers; default: PORTAL_BASE_URL's host).
OAI_ADMIN_EMAILS = env_list("PORTAL_ADMIN_EMAILS", ["webmaster@localhost"])
# The address the footer and the accessibility statement give for questions and problems
# (default: the first of those contact addresses).
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL") or OAI_ADMIN_EMAILS[0]
OAI_REPOSITORY_IDENTIFIER = os.environ.get("PORTAL_OAI_IDENTIFIER", "")
