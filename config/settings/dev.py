"""Defaults for a developer's machine (`make run`): debug on, a fixed key that is not secret."""

from .base import *
from .base import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-vikarieportalen")
MUNICIPAL_NETWORKS = MUNICIPAL_NETWORKS or ["127.0.0.0/8", "::1/128"]
# Images show on a laptop with DEBUG on or off (the browser tests run with it off): no nginx here.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
