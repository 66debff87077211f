"""Test settings: real PostgreSQL and Redis, as in production."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="test-key-not-for-production-use-0123456789abcdef")
# Speed: MD5 hashes new passwords in tests; Argon2 stays installed so a stored argon2 hash still
# verifies (tests/security/test_wachtwoorden.py proves base/production hash with argon2).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
# One cache namespace per pytest-xdist process (and its Celery worker, which inherits it).
CACHES["default"]["KEY_PREFIX"] = env.str(  # noqa: F405
    "CACHE_KEY_PREFIX", default=f"activering-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
)
WHITENOISE_AUTOREFRESH = True
# The test runner empties the database between tests with TRUNCATE, which the audit table
# refuses unless the session allows it (activering/migrations/0005_auditevent_geen_truncate.py).
# Only here: base and production settings never set it.
_opties = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
_opties["options"] = f"{_opties.get('options', '')} -c activering.audit_truncate=aan".strip()
