"""Configuration, read from the environment."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

AREAS = (
    "main",
    "auth",
    "admin",
    "cases",
    "frameworks",
    "mapping",
    "assessments",
    "certificates",
    "employers",
    "reports",
    "privacy",
    "mail",
    "calendar",
    "notifications",
    "webhooks",
    "staff",
    "portal",
    "imports",
    "api",
)


def instance_secret_key(instance_path: str) -> str:
    """Return the key kept in the instance folder, creating it once with restricted rights."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _positive(name: str, default: int) -> int:
    """A whole number above zero from the environment variable `name`, else `default`."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) == 0:
        raise ValueError(f"{name} must be a whole number above zero, not {value!r}")
    return int(value)


def _hour(name: str, default: int) -> int:
    """An hour of the day (0-23) from the environment variable `name`, else `default`."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) > 23:
        raise ValueError(f"{name} must be an hour from 0 to 23, not {value!r}")
    return int(value)


def _on(name: str) -> bool:
    """A yes/no setting of the environment: 1, true, yes or on is yes."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


class Config:
    """Production defaults; every value can be overridden by the environment."""

    # The areas the factory initialises, in this order (each package's `init_app`).
    AREAS = AREAS
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    # No ping before each use of a pooled connection (a round trip on every request): a
    # connection found dead makes the pool drop all it holds (app/outage.py), and one idle
    # for half an hour is replaced before use (a firewall may have dropped it).
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_recycle": 1800}
    # While the database cannot be reached, pages answer 503 and ask to be tried again after
    # this many seconds (app/outage.py).
    OUTAGE_RETRY_AFTER = _positive("OUTAGE_RETRY_AFTER", 10)
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    BABEL_TRANSLATION_DIRECTORIES = ";".join(
        ["translations"] + [f"{area}/translations" for area in AREAS]
    )
    LANGUAGES = ("sv", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") != "0"
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    # Sessions live on the server (app/auth/sessions.py): in the database, or in Redis when this
    # names it, e.g. redis://127.0.0.1:6379/0. The cookie only carries the session's token and
    # is a browser-session cookie, written at login and logout (and when a message is flashed):
    # the server alone decides when a session ends.
    SESSION_STORAGE_URI = os.environ.get("SESSION_STORAGE_URI") or None
    # A session ends after this long without a request, and this long after login at the latest.
    SESSION_IDLE_LIMIT = timedelta(minutes=_positive("SESSION_IDLE_MINUTES", 30))
    SESSION_MAX_AGE = timedelta(hours=_positive("SESSION_ABSOLUTE_HOURS", 12))
    SESSION_SEEN_RESOLUTION = timedelta(minutes=1)  # "last seen" is written at most this often
    SESSION_REFRESH_EACH_REQUEST = False
    # The token lives in the session cookie, which every login and logout replaces.
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 11 * 1024 * 1024  # a 10 MB upload plus the form around it
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER")  # default: instance/uploads
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # Computed figures (the statistics dashboard's tables) are cached in each process, or in
    # Redis when this names it (redis://127.0.0.1:6379/2), shared by every worker (app/cache.py).
    CACHE_STORAGE_URI = os.environ.get("CACHE_STORAGE_URI", "memory://")
    # Login throttling (app/auth/throttle.py): per account and address, three failures cost
    # nothing, then each further one doubles the wait before the next attempt (2 s up to 15
    # minutes; failures older than an hour are forgotten); per address, 30 failures within 15
    # minutes, whatever the accounts, make every attempt from it wait.
    LOGIN_FREE_FAILURES = 3
    LOGIN_FIRST_DELAY = timedelta(seconds=2)
    LOGIN_MAX_DELAY = timedelta(minutes=15)
    LOGIN_ACCOUNT_WINDOW = timedelta(hours=1)
    LOGIN_ADDRESS_MAX_FAILURES = 30
    LOGIN_ADDRESS_WINDOW = timedelta(minutes=15)
    # Login attempts are kept this long (for an investigation), then removed by the worker.
    LOGIN_ATTEMPTS_KEEP_DAYS = _positive("LOGIN_ATTEMPTS_KEEP_DAYS", 30)
    # Which roles must log in with a second factor (an authenticator app) unless the system
    # administrator chose otherwise at /admin/second-factor: "staff" (every role but the
    # employer's contact), "all", "none", or roles separated by commas ("admin,coach").
    # `make run` and the tests say "none", so the demo accounts log in with a password only.
    SECOND_FACTOR_REQUIRED = os.environ.get("SECOND_FACTOR_REQUIRED", "staff")
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "https")
    # The address in certificates' QR codes and in the links mailed for a password reset.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")
    # Passkeys and security keys (app/auth/passkeys.py) belong to this host name and origin
    # ("validera.example", "https://validera.example"); by default the request's own.
    WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID") or None
    WEBAUTHN_ORIGIN = os.environ.get("WEBAUTHN_ORIGIN") or None
    # Mail (app/mail.py, Flask-Mailman): through this SMTP server; without one, every message is
    # written to a file in MAIL_FILE_PATH (default instance/mail) and a warning says so at
    # startup. MAIL_PASSWORD_FILE: a file holding the password (read at startup).
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_PASSWORD_FILE = os.environ.get("MAIL_PASSWORD_FILE") or None
    MAIL_USE_TLS = _on("MAIL_USE_TLS")  # STARTTLS, usually port 587
    MAIL_USE_SSL = _on("MAIL_USE_SSL")  # TLS from the start, usually port 465
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Validera <validera@localhost>")
    MAIL_TIMEOUT = 10  # seconds to wait for the SMTP server
    MAIL_FILE_PATH = os.environ.get("MAIL_FILE_PATH")  # default: instance/mail
    # A sent message's row (address, subject, times) is kept this long, then removed nightly.
    MAIL_KEEP_DAYS = _positive("MAIL_KEEP_DAYS", 30)
    # Password reset by mailed link (app/auth/password_reset.py): a link works once, for 30
    # minutes; an address may ask 10 times an hour, and an account gets at most 3 links an hour.
    PASSWORD_RESET_VALID_FOR = timedelta(minutes=30)
    PASSWORD_RESET_LIMIT = "10 per hour"  # noqa: S105 - a rate, not a password
    PASSWORD_RESET_PER_ACCOUNT = 3
    # A new account has no password: the person gets a welcome link by mail to choose one
    # (app/auth/welcome.py). It works once, for this many days.
    WELCOME_LINK_DAYS = _positive("WELCOME_LINK_DAYS", 7)
    # SAML 2.0 (app/auth/saml.py). Validera's key pair as a service provider, PEM files: it signs
    # the requests and decrypts the assertions. Without them a pair is made once and kept in
    # SAML_SP_FOLDER (default instance/saml). The entity id defaults to the metadata's address.
    SAML_SP_KEY_FILE = os.environ.get("SAML_SP_KEY_FILE") or None
    SAML_SP_CERT_FILE = os.environ.get("SAML_SP_CERT_FILE") or None
    SAML_SP_FOLDER = os.environ.get("SAML_SP_FOLDER") or None
    SAML_SP_ENTITY_ID = os.environ.get("SAML_SP_ENTITY_ID") or None
    # How far the identity provider's clock may be from this server's.
    SAML_CLOCK_SKEW_SECONDS = int(os.environ.get("SAML_CLOCK_SKEW_SECONDS", "60"))
    # How long a person may take at the identity provider before the answer is refused.
    SAML_REQUEST_LIFETIME = timedelta(minutes=15)
    SAML_METADATA_TIMEOUT = 10  # seconds to wait for an identity provider's metadata
    # The entity categories Validera's metadata declares (the Swedish e-ID framework's: a public
    # service that needs the personal number at assurance level 3), separated by spaces.
    SAML_SP_ENTITY_CATEGORIES = os.environ.get(
        "SAML_SP_ENTITY_CATEGORIES",
        "http://id.elegnamnden.se/ec/1.0/loa3-pnr http://id.elegnamnden.se/st/1.0/public-sector-sp",
    )
    # How many reverse proxies in front of the app set X-Forwarded-For / -Proto. 0: none, and
    # the headers are ignored (a client could forge them). Login throttling, rate limits and
    # the audit log use the forwarded address only when this says a proxy is there.
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0"))
    PROXY_FIX_X_PROTO = int(os.environ.get("PROXY_FIX_X_PROTO", "0"))
    # Single sign-on with OpenID Connect (app/auth/oidc.py): how far, in seconds, a provider's
    # clock may be from this server's before its ID tokens are refused as not (or no longer)
    # valid.
    OIDC_CLOCK_SKEW_SECONDS = _positive("OIDC_CLOCK_SKEW_SECONDS", 60)
    # The job queue (app/queue.py, Huey): where it lives, sqlite:///<file> (default
    # instance/jobs.db) or redis://host:port/db; `flask --app app worker` runs its jobs. A job
    # whose run has shown no sign of life for JOBS_STALE_SECONDS is taken to have died with its
    # worker and is given to a worker again.
    JOBS_URL = os.environ.get("JOBS_URL") or None
    JOBS_IMMEDIATE = False  # run each job at once where it is asked for (the tests)
    JOBS_STALE_AFTER = timedelta(seconds=_positive("JOBS_STALE_SECONDS", 300))
    # A job that fails because the database cannot be reached is tried again after this many
    # seconds, as often as it takes (its own retries are kept for other failures).
    JOBS_OUTAGE_RETRY_SECONDS = _positive("JOBS_OUTAGE_RETRY_SECONDS", 15)
    # The daily retention run (anonymisation) starts at this hour, Stockholm time.
    RETENTION_HOUR = _hour("RETENTION_HOUR", 2)
    # The hour, Stockholm time, a person's daily digest of notifications is mailed until they
    # choose another on their settings page.
    DIGEST_HOUR = _hour("DIGEST_HOUR", 7)
    # Read notifications older than this many days are removed every night (unread ones stay).
    NOTIFICATION_KEEP_DAYS = _positive("NOTIFICATION_KEEP_DAYS", 90)
    # Webhooks (app/webhooks): how long a receiver may take to answer, in seconds; how many
    # times a delivery is tried again after the first try, the wait before the first of them
    # in seconds (each later wait twice the one before); how many days a delivered delivery is
    # kept in the log. WEBHOOK_ALLOW_PRIVATE lets a webhook use plain http and addresses in
    # private, loopback or link-local networks (development and the tests only).
    WEBHOOK_TIMEOUT_SECONDS = _positive("WEBHOOK_TIMEOUT_SECONDS", 5)
    WEBHOOK_RETRIES = _positive("WEBHOOK_RETRIES", 5)
    WEBHOOK_RETRY_SECONDS = _positive("WEBHOOK_RETRY_SECONDS", 60)
    WEBHOOK_KEEP_DAYS = _positive("WEBHOOK_KEEP_DAYS", 30)
    WEBHOOK_ALLOW_PRIVATE = _on("WEBHOOK_ALLOW_PRIVATE")
    # The API (app/api): bearer tokens live this many seconds; each client may make this many
    # requests (Flask-Limiter's notation, counted per client).
    API_TOKEN_SECONDS = _positive("API_TOKEN_SECONDS", 900)
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300/minute")
    # An Idempotency-Key answers the same request again for this long, then is forgotten.
    API_IDEMPOTENCY_HOURS = _positive("API_IDEMPOTENCY_HOURS", 24)
    TESTING = False


class DevelopmentConfig(Config):
    """`make run` on one machine: plain HTTP on localhost."""

    DEBUG = False
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") != "0"
    PREFERRED_URL_SCHEME = "http"


class TestConfig(Config):
    """The test suite: its own database, a fixed key, no secure cookies."""

    TESTING = True
    SECRET_KEY = "test-only-key"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    PREFERRED_URL_SCHEME = "http"
    RATELIMIT_STORAGE_URI = "memory://"
    CACHE_STORAGE_URI = "memory://"
    SESSION_STORAGE_URI = None
    # Mail stays in memory unless a test starts an SMTP server (tests/mailbox.py).
    MAIL_SERVER = None
    MAIL_BACKEND = "locmem"
    JOBS_IMMEDIATE = True  # each job runs where it is asked for; a test may start a worker
    WEBHOOK_ALLOW_PRIVATE = True  # the tests' receiver listens on http://127.0.0.1
    SECOND_FACTOR_REQUIRED = "none"
    API_RATE_LIMIT = "100000/minute"  # the contract tests send many; tests/api lower it
