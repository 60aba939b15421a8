import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# Django runs its system checks before manage.py commands, not when a server imports this module:
# refuse unsafe production configuration here too (no-op outside config.settings.production).
from vikarieportalen.core.ops.checks import production_checks_enforce  # noqa: E402

production_checks_enforce()
