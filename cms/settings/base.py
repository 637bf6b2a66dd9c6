"""Settings shared by every environment.

Every environment variable is read here, once. Each has a default that is safe
on a laptop (the "embedded defaults": SQLite, tasks in process, database
search, local-memory cache, console e-mail); production.py makes the
production ones mandatory.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

import environ
from machina import MACHINA_MAIN_TEMPLATE_DIR

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # the real environment wins over the file

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A form sent back without its token: our page, in the reader's language.
CSRF_FAILURE_VIEW = "cms.errors.csrf_failure"

# --- Applications ---------------------------------------------------------

LOCAL_APPS = [
    "cms",
    "home",
    "events",
    "organisations",
    "practices",
    "subcommittees",
    "support",  # 相談窓口 finder (/support/)
    "exchange",  # ニーズ×シーズ (/exchange/)
    "forum",
    "privacy",  # personal data rights; each app declares its data in <app>/personal_data.py
    "reports",  # 通報; each app declares its reportable kinds in <app>/report_kinds.py
    "search",  # site search; each app declares its kinds in <app>/search_kinds.py
    "kpi",  # the fiscal year in numbers; imports the apps it counts (kpi/counts.py)
    "demo",  # manage.py load_demo; its libraries are imported only when it runs
]

WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "cms.translation",  # machine translation of pages (issue 6)
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
]

# django-machina (forums, issue 5). Its app label "forum" is taken by
# machina.apps.forum; our integration app in forum/ carries another label.
FORUM_APPS = [
    "machina",
    "machina.apps.forum",
    "machina.apps.forum_conversation",
    "machina.apps.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls",
    "machina.apps.forum_feeds",
    "machina.apps.forum_moderation",
    "machina.apps.forum_search",
    "machina.apps.forum_tracking",
    "machina.apps.forum_member",
    "machina.apps.forum_permission",
    "mptt",
    "haystack",
    "widget_tweaks",
]

ACCOUNT_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    # Wagtail's admin uses its naturaltime ("2 seconds ago"); installed, the
    # app's Japanese catalogue is loaded too (issue 14).
    "django.contrib.humanize",
]

INSTALLED_APPS = LOCAL_APPS + WAGTAIL_APPS + FORUM_APPS + ACCOUNT_APPS + DJANGO_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every later log line of the request carries its id (cms/request_id.py);
    # only SecurityMiddleware's HTTPS redirect comes before it.
    "cms.request_id.RequestIdMiddleware",
    "cms.middleware.CrossOriginResourcePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.i18n.FirstVisitLanguageMiddleware",
    # Anonymous public pages from the cache, in the language just chosen
    # (cms/page_cache.py; PAGE_CACHE_* below).
    "cms.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Every /admin/ URL: a refusal page for accounts without admin access,
    # then the second factor for staff (cms/middleware.py).
    "cms.middleware.AdminAccessMiddleware",
    "cms.middleware.StaffTwoFactorMiddleware",
    "forum.middleware.ForumPermissionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Our templates first, then our overrides of machina's (same names
        # as in MACHINA_MAIN_TEMPLATE_DIR, kept in templates/machina/).
        "DIRS": [
            BASE_DIR / "templates",
            BASE_DIR / "templates" / "machina",
            MACHINA_MAIN_TEMPLATE_DIR,
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
                "machina.core.context_processors.metadata",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------


def with_sqlite_options(database):
    """SQLite as a web site's database, in every settings module that uses it.

    Concurrent requests: every transaction takes SQLite's write lock when it
    begins (a read lock upgraded later fails at once with "database is
    locked"), and waits up to 20 s for it. Write-ahead logging: readers never
    wait for a writer, and a commit appends to the log without waiting for the
    disk (synchronous=NORMAL). A crash of the process loses nothing committed;
    a power cut may lose the last commits but never corrupts the file.
    """
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    return database


DATABASES = {
    "default": with_sqlite_options(
        env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# django-machina relies on the global default (see ARCHITECTURE.md); our own
# apps set BigAutoField in their AppConfig.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

REDIS_URL = env("REDIS_URL", default="")


def session_engine(redis_url):
    """Sessions read from the cache when it is shared (Redis), else from the database.

    A signed-in member's every request reads the session: from Redis it costs
    no query. The database stays the record (cached_db writes through), so a
    cache that is down or emptied only sends the reads back to it. With a
    process's local memory as the cache, one process would keep a session
    that a sign-out in another had ended: hence only with Redis. One gap: a
    sign-out while Redis cannot be reached removes the database row but not
    the cached copy, which lives until the session would have expired, or
    until Redis restarts (it keeps nothing on disk here).
    """
    if redis_url:
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"


# The cache down must not take the site down (ops/fault_drills.py): a cache
# error is logged and counts as a miss, and a dead Redis is given up on within
# a second instead of holding each request. Rate limits (allauth, cms.ratelimit)
# count in the cache, so they lapse while it is down.
REDIS_CACHE_OPTIONS = {
    "CLIENT_CLASS": "django_redis.client.DefaultClient",
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": 1,
    "SOCKET_TIMEOUT": 1,
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
            "KEY_PREFIX": "tsunagari",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = session_engine(REDIS_URL)
# The page cache (cms/page_cache.py): whole public pages for anonymous readers,
# in the default cache. On by default only with Redis: a local-memory cache is
# one per process, and a change seen by one web process would not reach the
# pages another keeps.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=bool(REDIS_URL))
PAGE_CACHE_ALIAS = "default"
# Fragments of pages (the footer, the menus' structure) kept under the same
# version, so what signed-in members and uncached readers get is built once
# per change too. On with a shared cache (Redis) only, like the page cache.
FRAGMENT_CACHE_ENABLED = env.bool("FRAGMENT_CACHE_ENABLED", default=bool(REDIS_URL))
# Pages are dropped by the version any change bumps; this only bounds memory.
PAGE_CACHE_TIMEOUT = 60 * 60
# Pages that change with the clock (upcoming events, seats, "open now").
PAGE_CACHE_TIME_VARYING_TIMEOUT = 60
# How long a CDN may keep a public page (Cache-Control s-maxage). Only page
# publishes are purged from it (WAGTAILFRONTENDCACHE below), so a change of a
# snippet, setting or organisation reaches the CDN's readers within this time.
PAGE_CACHE_CDN_MAX_AGE = env.int("PAGE_CACHE_CDN_MAX_AGE", default=60)
# Never page-cached, even without a query string (paths without the language prefix).
PAGE_CACHE_EXCLUDE = [r"^/search/"]
# What public pages show: a save or delete of any of these models (an app
# label for all its models, or "app_label.ModelName" with its subclasses)
# makes every cached page out of date. Apps added later append their models
# here, or call cms.page_cache.register(Model) in their AppConfig.ready().
PAGE_CACHE_MODELS = [
    # Pages, their restrictions, sites, languages, images, documents, tags.
    "wagtailcore.Page",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.Collection",
    "wagtailcore.CollectionViewRestriction",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "taggit",
    # Our apps: pages, snippets, settings, organisations, write-ups,
    # subcommittees, support windows, events and registrations (seats), what
    # moderation hid, translations and furigana readings.
    "home",
    "events",
    "organisations",
    "practices",
    "subcommittees",
    "support",
    "reports.HiddenObject",
    "cms_translation",
    "wagtail_localize.Translation",
    # The forum: forums, topics, posts, polls, attachments, profiles, and who
    # may read which forum (not the read-tracking rows members write).
    "forum",
    "forum_conversation",
    "forum_polls",
    "forum_attachments",
    "forum_member",
    "forum_permission",
    # Names shown beside posts and on pages (a sign-in's last_login is ignored).
    "auth.User",
    "auth.Group",
]
# machina keeps a post's attachments here between preview and save; it must be
# shared by every web process, so it is the same store as the default cache.
CACHES["machina_attachments"] = {**CACHES["default"], "KEY_PREFIX": "tsunagari-attachments"}

# --- Background work ------------------------------------------------------

# Our own jobs run on Celery. With no broker configured they run in process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL.startswith("memory://")
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "Asia/Tokyo"
# Late acknowledgement: a task whose worker dies is run again, so every task
# must be idempotent. The hard time limit stays below Redis' visibility timeout
# so a long task is never handed to a second worker while the first still runs.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # The beat's heartbeat: /healthz and the worker alert when it is older
    # than 5 minutes (cms/background.py).
    "beat-heartbeat": {
        "task": "cms.tasks.beat_heartbeat",
        "schedule": 60.0,
    },
    # E-mails unsent for over 15 minutes: a log error and a mail to ADMINS.
    "check-background-work": {
        "task": "cms.tasks.check_background_work",
        "schedule": 5 * 60.0,
    },
    "publish-scheduled-pages": {
        "task": "home.tasks.publish_scheduled_pages",
        "schedule": 60.0,
    },
    # Every retention rule of privacy.registry, unconfirmed applications
    # included (organisations registers its purge there).
    "purge-expired-personal-data": {
        "task": "privacy.tasks.purge_expired_personal_data",
        "schedule": 24 * 60 * 60.0,
    },
    "deliver-pending-emails": {
        "task": "cms.tasks.deliver_pending_emails",
        "schedule": 5 * 60.0,
    },
    # Forum: relay for post notifications whose task was lost, and the daily
    # digests (sent on the first run after 07:00).
    "forum-notifications": {
        "task": "forum.tasks.run_periodic",
        "schedule": 5 * 60.0,
    },
    # Events: a freed seat goes to the next on the waiting list when an offer
    # runs out; the reminder goes the day before (both idempotent).
    "events-offer-freed-seats": {
        "task": "events.tasks.offer_freed_seats",
        "schedule": 15 * 60.0,
    },
    # The fiscal year's site-counted figures, month by month (safe to run twice).
    "kpi-materialise-figures": {
        "task": "kpi.tasks.materialise_figures",
        "schedule": 60 * 60.0,
    },
    "events-reminders": {
        "task": "events.tasks.send_event_reminders",
        "schedule": 60 * 60.0,
    },
    # ニーズ×シーズ: the daily e-mail of new strong matches (first run after 07:00).
    "exchange-match-digests": {
        "task": "exchange.tasks.send_match_digests",
        "schedule": 60 * 60.0,
    },
    # ニーズ×シーズ: 「まだ必要ですか？」 on needs open for 60 days (once per need per period).
    "exchange-still-needed": {
        "task": "exchange.tasks.send_still_needed_reminders",
        "schedule": 6 * 60 * 60.0,
    },
}

# Wagtail's own background work (reference index, file deletion) goes through
# django-tasks; django-tasks-celery needs Python 3.12 and Django 6, so it runs
# in process everywhere.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Search ---------------------------------------------------------------

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": env("ELASTICSEARCH_INDEX_PREFIX", default="tsunagari_"),
            "TIMEOUT": 5,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}

# machina's URLs import django-haystack; it stays on its simple engine and the
# forum search goes to the site search (ARCHITECTURE.md).
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}

# --- E-mail ---------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":  # noqa: F821
    # The same console, readable: decoded subjects and bodies (cms/console_mail.py).
    EMAIL_BACKEND = "cms.console_mail.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="つながり事務局 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Authentication -------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Permissions only, kept per user (cms/auth_backends.py); signing in stays
    # with the two below.
    "cms.auth_backends.KeptPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Members sign in with their e-mail address (django-allauth). Accounts are
# never opened by sign-up: they come from an accepted application or a staff
# invitation (organisations.accounts.AccountAdapter closes sign-up).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"
# Restricted pages and documents send signed-out readers to the same sign-in
# page (Wagtail's default, /_util/login/, is not served: it would bypass allauth).
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
ACCOUNT_ADAPTER = "organisations.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# Wrong passwords are throttled by where they come from, not by the account
# (allauth's default locks the account for everyone after five failures, its
# owner too). One address gets 5 failures per 5 minutes and 20 per hour: a
# member who mistypes at a shared office address is going again in minutes, a
# guesser from one place gets under 500 tries a day. The account itself has a
# ceiling of 100 failures per hour from all addresses together, against
# guessing spread over many addresses; it takes five or more of them working at
# once to reach it. With 12-character, non-common passwords that is far too
# slow to guess one. A successful sign-in does not count. The other limits
# stay allauth's (sign-in 30/min per address, password reset 5/min per e-mail).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,20/h/ip,100/h/key",
    # Our own forms, through the same counters (cms/ratelimit.py). The
    # membership application sends a site-branded e-mail to the address
    # typed in: 3 an hour to one address, 10 an hour from one place.
    "join": "10/h/ip,3/h/key",
    # Event registration sends a confirmation to the address typed in: 5 an
    # hour to one address (a few events at once), 20 an hour from one place.
    "event_register": "20/h/ip,5/h/key",
    # 「情報がちがう」 on a support window: anyone, no account; 10 an hour
    # from one place is more than a resident needs, little for a flood.
    "support_correction": "10/h/ip",
    # ニーズ×シーズ (exchange/views.py), keyed by account: messages e-mail the
    # other organisation's staff; listings are analysed and matched on save.
    "exchange_message": "30/h/key,100/d/key",
    "exchange_post": "20/h/key",
}
# Off only in the test settings, where each rate-limit test switches it on.
RATELIMIT_ENABLE = True
# Behind a reverse proxy every request comes from the proxy's address: set
# TRUSTED_PROXY_COUNT to the number of proxies we run in front of the site
# (their X-Forwarded-For is then trusted) so that limits apply per visitor.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Changing the sign-in e-mail (adding, making primary, removing one) asks for
# the password again unless it was entered in the last 5 minutes; so does every
# second-factor change (allauth.mfa's own default). The password change form
# asks for the current password itself.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
# Translated when each e-mail is sent (allauth adds it to the subject then):
# "[Tsunagari Net] " in English, as the site's own e-mails begin.
# Translators: the start of every sign-in e-mail's subject (password reset…);
# end it with a space where the language puts one before the subject.
ACCOUNT_EMAIL_SUBJECT_PREFIX = _("【つながりネット】")
# Secretariat staff (anyone who can open the Wagtail admin) must have a second
# factor before the admin opens (cms.middleware.StaffTwoFactorMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="つながりネット")
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=True)

# --- Language and time ----------------------------------------------------

# Japanese at "/" with no prefix, every other language under its code (the URL
# contract in ARCHITECTURE.md). Each language is named in its own script.
# "pt-br": the Portuguese speakers living in Japan are overwhelmingly Brazilian.
# "ja-x-easy" is Easy Japanese (やさしい日本語): a valid BCP 47 tag (private use
# subtag), so it works as-is in URLs, <html lang> and hreflang; its primary
# subtag "ja" keeps Japanese fonts and speech, and Django falls back to the "ja"
# entry of LANG_INFO and to the Japanese catalogues for it (cms/i18n.py).
LANGUAGE_CODE = "ja"
LANGUAGES = [
    ("ja", "日本語"),
    ("ja-x-easy", "やさしい日本語"),
    ("en", "English"),
    ("zh-hans", "中文(简体)"),
    ("ko", "한국어"),
    ("vi", "Tiếng Việt"),
    ("tl", "Tagalog"),
    ("pt-br", "Português"),
    ("es", "Español"),
    ("th", "ภาษาไทย"),
    ("ne", "नेपाली"),
    ("id", "Bahasa Indonesia"),
]
# locale_overrides/ translates (for the Japanese admin) the messages of Wagtail
# and wagtail-localize their own catalogues leave in English; listed first so
# its translations win. Written by hand: makemessages never touches it
# (cms/management/commands/makemessages.py), compilemessages compiles it.
LOCALE_OVERRIDES = BASE_DIR / "locale_overrides"
LOCALE_PATHS = [LOCALE_OVERRIDES, BASE_DIR / "locale"]
# The reader's choice (or the browser's language on the first visit) is kept
# for a year; cms.i18n.FirstVisitLanguageMiddleware reads it.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Every language is also a content language: pages are translated with
# wagtail-localize (Easy Japanese is written by hand from the Japanese page).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# The 相談窓口 finder's clock (support/hours.py): "open now" is judged at this
# moment (ISO 8601, e.g. "2026-06-07T14:00:00+09:00") instead of the real one.
# For tests and demos only; never read from the environment, so production
# always uses the real time.
SUPPORT_NOW = None
# Machine translation (cms/translation/): "builtin" (deterministic, marks the
# text as not translated), "deepl", "google" or "libretranslate".
MACHINE_TRANSLATOR = env("MACHINE_TRANSLATOR", default="builtin")
DEEPL_AUTH_KEY = env("DEEPL_AUTH_KEY", default="")
DEEPL_API_URL = env("DEEPL_API_URL", default="")
GOOGLE_TRANSLATE_API_KEY = env("GOOGLE_TRANSLATE_API_KEY", default="")
LIBRETRANSLATE_URL = env("LIBRETRANSLATE_URL", default="")
LIBRETRANSLATE_API_KEY = env("LIBRETRANSLATE_API_KEY", default="")
MACHINE_TRANSLATION_TIMEOUT = env.int("MACHINE_TRANSLATION_TIMEOUT", default=30)
# wagtail-localize's editor offers the same translator ("Translate with …"),
# through our wrapper: wagtail-localize's view lets a translator's exception
# through as a server error, the wrapper logs it and leaves the segments.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "cms.translation.localize.TsunagariMachineTranslator",
}
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Without S3, image files are served by Django (see cms/urls.py); a CDN or
# reverse proxy in front caches them.
SERVE_MEDIA_IMAGES = env.bool("SERVE_MEDIA_IMAGES", default=not AWS_STORAGE_BUCKET_NAME)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail --------------------------------------------------------------

WAGTAIL_SITE_NAME = _("つながりネット")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Documents always go through Wagtail's view, so privacy and collections apply.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ja", "日本語"), ("en", "English")]
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = True
# Everyone resets a forgotten password through allauth (/accounts/password/reset/),
# with its rate limits and without telling which addresses have an account;
# Wagtail's own reset form under /admin/ would bypass both.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Wagtail's account page would change the sign-in e-mail without asking for the
# password (and beside allauth's addresses): staff change it at /accounts/email/,
# under re-authentication, like every member.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILFORMS_HELP_TEXT_ALLOW_HTML = False
WAGTAIL_PRIVACY_SHARED_PASSWORD = False
WAGTAILDOCS_PRIVACY_SHARED_PASSWORD = False  # no shared password on documents either
WAGTAIL_MODERATION_ENABLED = True
# No avatars from gravatar.com: the admin would send every staff member's
# e-mail hash to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_ENABLED = True

# A CDN in front of the site (off by default): Wagtail purges a page's URLs
# from it when the page is published, unpublished, moved or deleted
# (wagtail.contrib.frontend_cache; README, "CDN"). FRONTEND_CACHE_BACKEND is
# "cloudflare" (CLOUDFLARE_BEARER_TOKEN, CLOUDFLARE_ZONE_ID), "cloudfront"
# (CLOUDFRONT_DISTRIBUTION_ID) or "http" (a Varnish/nginx purge address in
# FRONTEND_CACHE_LOCATION).
FRONTEND_CACHE_BACKEND = env("FRONTEND_CACHE_BACKEND", default="")
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE_BACKEND == "cloudflare":
    WAGTAILFRONTENDCACHE["cdn"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env("CLOUDFLARE_ZONE_ID"),
    }
elif FRONTEND_CACHE_BACKEND == "cloudfront":
    WAGTAILFRONTENDCACHE["cdn"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
    }
elif FRONTEND_CACHE_BACKEND == "http":
    WAGTAILFRONTENDCACHE["cdn"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_LOCATION"),
    }
elif FRONTEND_CACHE_BACKEND:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"FRONTEND_CACHE_BACKEND={FRONTEND_CACHE_BACKEND!r} is not known")
if WAGTAILFRONTENDCACHE:
    WAGTAIL_APPS.insert(0, "wagtail.contrib.frontend_cache")
    INSTALLED_APPS = LOCAL_APPS + WAGTAIL_APPS + FORUM_APPS + ACCOUNT_APPS + DJANGO_APPS

# --- Forums (django-machina) ----------------------------------------------

MACHINA_FORUM_NAME = _("つながりネット フォーラム")
# The forum wears the site's own layout (templates/machina/board_base.html).
MACHINA_BASE_TEMPLATE_NAME = "base.html"
# Never markdown2's safe_mode (stored XSS, ARCHITECTURE.md): Python-Markdown
# without raw HTML, then nh3 with an allow-list (forum/markup.py). After a
# change of renderer run `manage.py rerender_forum_markup`.
MACHINA_MARKUP_LANGUAGE = ("forum.markup.render", {})
# A plain textarea: machina's EasyMDE editor fetches Font Awesome from a CDN,
# which the CSP (rightly) blocks.
MACHINA_MARKUP_WIDGET = "django.forms.Textarea"
# Every forum is closed unless a subcommittee grants access to it.
MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS = []
# Posters by their name, never their account name (forum/names.py).
MACHINA_USER_DISPLAY_NAME_METHOD = "get_forum_display_name"

# --- Security headers (front end; the admin is exempt, it needs inline code) --

CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cms.request_id.RequestIdLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

FORMAT_MODULE_PATH = ["cms.formats"]
