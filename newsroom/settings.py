"""Settings for the newsroom archive, configured by environment variables.

Development defaults are safe to run as they are; `DEBUG=0` switches production
hardening on and then insists on a real `SECRET_KEY`. See README.md, "Configuration".
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from newsroom.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    replica_from_url,
    with_work_mem,
    work_mem_setting,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
# Real news for the sample archive (articles/sample.py): Wikinews stories, read where they
# are (beside the project in the shared folder), never copied into it. Empty: none.
SAMPLE_CORPUS = env_str("SAMPLE_CORPUS", str(BASE_DIR.parent / "shared" / "corpus" / "wikinews"))

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=0 the archive refuses to start without one; "
            'generate one with: python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
PORT = env_int("PORT", 8000)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "ninja",
    "newsroom",
    "articles",
    "media_captions",
]

MIDDLEWARE = [
    "newsroom.middleware.RequestLogMiddleware",
    "newsroom.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.middleware.ApiHeadersMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "newsroom.ratelimit.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "newsroom.context_processors.archive",
            ],
        },
    },
]

# Database: DATABASE_URL when set, else the embedded PostgreSQL in var/pgdata/.
DATABASE_URL = env_str("DATABASE_URL")
EMBEDDED_PGDATA = Path(env_str("EMBEDDED_PGDATA", str(VAR_DIR / "pgdata")))
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "newsroom.embedded_postgres",
            "NAME": "newsroom",
            "USER": "postgres",
        }
    }
# Every statement the archive sends is bounded (see articles/search/): parallel workers
# take longer to start (5 to 20 ms) than they save, and JIT compilation, which PostgreSQL
# starts on a cost estimate, whatever the real work, can take longer than the query (30 to
# 500 ms). A search's bitmap of matching rows turns lossy when it outgrows work_mem: every
# row of a lossy page is checked again, its tsvector read from disk. PostgreSQL's 4 MB is
# outgrown at 2M articles by a word in 5% of them (730 ms instead of 30 to 50 ms, dated); the
# bitmap grows with the archive, so DATABASE_WORK_MEM should too (README, "Configuration").
# An `options` parameter in DATABASE_URL replaces the first two, not work_mem.
DATABASE_WORK_MEM = work_mem_setting(env_str("DATABASE_WORK_MEM", "32MB"))
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "options", "-c jit=off -c max_parallel_workers_per_gather=0"
)
with_work_mem(DATABASES["default"], DATABASE_WORK_MEM)
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Pooled connections (DATABASE_POOL=1): each process keeps a psycopg_pool of connections
# and lends one to a request for its duration, instead of one persistent connection per
# thread (CONN_MAX_AGE, which the pool replaces: Django refuses both). A pooled connection
# is checked before it is lent (CONN_HEALTH_CHECKS), so a restarted database is survived;
# a request that waits DATABASE_POOL_TIMEOUT seconds for one (every one lent, or the
# database away) gets the 503 page. Sizing: README.md, "Pooled connections".
DATABASE_POOL_OPTIONS = (
    {
        "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
        "max_size": env_int("DATABASE_POOL_MAX_SIZE", 4),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 3),
    }
    if env_bool("DATABASE_POOL", False)
    else None
)
if DATABASE_POOL_OPTIONS:
    if not 0 <= DATABASE_POOL_OPTIONS["min_size"] <= DATABASE_POOL_OPTIONS["max_size"]:
        raise ImproperlyConfigured(
            "DATABASE_POOL_MIN_SIZE must be between 0 and DATABASE_POOL_MAX_SIZE "
            f"(min {DATABASE_POOL_OPTIONS['min_size']}, max {DATABASE_POOL_OPTIONS['max_size']})."
        )
    DATABASES["default"]["OPTIONS"]["pool"] = DATABASE_POOL_OPTIONS
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Read replicas (newsroom/routing.py, newsroom/replicas.py): PostgreSQL streaming replicas
# ("replica1", "replica2", ...) that readers' pages, feeds and the API read from. Writes,
# the admin, commands and a browser that wrote in the last READ_YOUR_WRITES_SECONDS use
# the primary, and so does every read while no replica is up and at most
# REPLICA_MAX_LAG_SECONDS behind (each process checks every REPLICA_CHECK_SECONDS). Kept
# below every setting of the primary's connection, which the replicas share.
READ_YOUR_WRITES_SECONDS = env_int("READ_YOUR_WRITES_SECONDS", 10)
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 30)
REPLICA_CHECK_SECONDS = env_int("REPLICA_CHECK_SECONDS", 5)
REPLICA_URLS = env_list("DATABASE_REPLICA_URLS", [])
for number, replica_url in enumerate(REPLICA_URLS, start=1):
    DATABASES[f"replica{number}"] = replica_from_url(
        replica_url, DATABASES["default"], connect_timeout=2
    )
    with_work_mem(DATABASES[f"replica{number}"], DATABASE_WORK_MEM)
if REPLICA_URLS:
    DATABASE_ROUTERS = ["newsroom.routing.ReplicaRouter"]
    # Inside the 503 handler, so that a replica failing mid-request is retried on the
    # primary before the handler would answer "Back in a moment".
    MIDDLEWARE.insert(
        MIDDLEWARE.index("newsroom.middleware.DatabaseUnavailableMiddleware") + 1,
        "newsroom.routing.ReadRoutingMiddleware",
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded media go through STORAGES["default"] (the upload form, the renditions, the /media/
# view), never through a server's own disk: MEDIA_STORAGE=filesystem (the default) keeps
# them in MEDIA_ROOT, MEDIA_STORAGE=s3 in an S3-compatible object store that every app
# server shares (django-storages; README.md, "Stateless app servers"). Its credentials are
# boto3's own environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem").strip().lower()
MEDIA_ORIGINS: list[str] = []  # where media addresses point, when not this site: CSP img-src
if MEDIA_STORAGE == "filesystem":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    import importlib.util
    from urllib.parse import urlsplit

    if not (importlib.util.find_spec("storages") and importlib.util.find_spec("boto3")):
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs django-storages and boto3, which are not installed: "
            "pip install 'django-storages[s3]' (the project's s3 extra: pip install '.[s3]'; "
            "in the Docker image: docker build --build-arg EXTRAS=s3)."
        )
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (the bucket).")
    s3 = {
        "bucket_name": bucket,
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,  # MinIO, R2, Ceph...
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,  # a CDN in front of it
        "location": env_str("AWS_LOCATION", ""),  # a folder inside the bucket
        "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,  # "path" for most
        # Public addresses by default (the bucket or its CDN lets readers GET the photos);
        # 1 for a private bucket: signed addresses, valid AWS_QUERYSTRING_EXPIRE seconds.
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
        "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 3600),
        "file_overwrite": False,  # two uploads named alike keep two files, as on disk
    }
    MEDIA_BACKEND = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3}
    if s3["custom_domain"]:
        MEDIA_ORIGINS = ["https://" + s3["custom_domain"].split("/")[0]]
    elif s3["endpoint_url"]:
        endpoint = urlsplit(s3["endpoint_url"])  # path-style and virtual-hosted addresses
        MEDIA_ORIGINS = [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://{bucket}.{endpoint.netloc}",
        ]
    else:
        region = f".{s3['region_name']}" if s3["region_name"] else ""
        MEDIA_ORIGINS = [f"https://{bucket}.s3{region}.amazonaws.com"]
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}.")
MEDIA_ORIGINS = env_list("MEDIA_ORIGINS", MEDIA_ORIGINS)
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Production hardening, on by default when DEBUG=0.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probed over plain HTTP from inside the container
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline scripts or styles anywhere: scripts and styles come from /static/ only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        " ".join(["img-src 'self' data:", *MEDIA_ORIGINS]),
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Rate limits per client address (newsroom/ratelimit.py): "N/s", "N/m" or "N/h".
RATE_LIMIT_ENABLED = env_bool("RATE_LIMIT_ENABLED", True)
RATE_LIMITS = {
    "search": env_str("RATE_LIMIT_SEARCH", "60/m"),
    "feed": env_str("RATE_LIMIT_FEED", "60/m"),
    "api": env_str("RATE_LIMIT_API", "120/m"),
    "login": env_str("RATE_LIMIT_LOGIN", "10/m"),
}
# Behind a reverse proxy, the header holding the client's address (the proxy's last entry
# is used), as Django names it: e.g. HTTP_X_FORWARDED_FOR. Empty: REMOTE_ADDR.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 60)
# `import_articles` reads files and finds names in them in IMPORT_READERS processes, and
# writes batches on IMPORT_WRITERS database connections at once. 0 (the default) fits the
# machine: with extraction, one reading process and the cores left to writers (one reader
# and one writer on two cores, measured best: bench/ingest_bench.py); without, every core
# to writers, since the database then does most of the work.
IMPORT_READERS = max(0, env_int("IMPORT_READERS", 0))
IMPORT_WRITERS = max(0, env_int("IMPORT_WRITERS", 0))
SLOW_QUERY_MS = env_int("SLOW_QUERY_MS", 200)

# Structured logs: JSON lines in production (LOG_FORMAT=json), plain text when debugging.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "newsroom.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        # One line per request; REQUEST_LOG=0 silences it (the access log of Gunicorn stays).
        "newsroom.requests": {"level": "INFO" if env_bool("REQUEST_LOG", True) else "WARNING"},
        # django.request repeats every 4xx that newsroom.requests already logs.
        "django.request": {"level": "ERROR"},
    },
}

# Shared by every Gunicorn worker and kept across restarts; the table is made by a migration.
# "pages": whole reader pages, kept in each worker's memory (see PAGE_CACHE_SECONDS).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "newsroom_cache",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsroom-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 1_000)},
    },
}

# Whole-page cache for readers: a GET answered in the last PAGE_CACHE_SECONDS is answered
# again from the worker's memory (pages are the same for every reader; admin pages and
# anything private are never cached). Browsers and proxies may keep a page as long too, so
# a reader can see a page up to twice this old. 0 switches it off (the default with DEBUG).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 30)
if PAGE_CACHE_SECONDS > 0:
    # Inside the rate limiter, so a cached search still counts against the limit.
    limiter = MIDDLEWARE.index("newsroom.ratelimit.RateLimitMiddleware")
    MIDDLEWARE.insert(limiter + 1, "django.middleware.cache.UpdateCacheMiddleware")
    MIDDLEWARE.append("django.middleware.cache.FetchFromCacheMiddleware")
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"

FORMS_URLFIELD_ASSUME_HTTPS = True

ARCHIVE_NAME = env_str("ARCHIVE_NAME", "Newsroom Archive")
PAGE_SIZE = 20
