"""Development settings: `make run` uses these."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str(
    "SECRET_KEY", default="local-development-key-not-for-production-use-0123456789"
)
WHITENOISE_AUTOREFRESH = True
