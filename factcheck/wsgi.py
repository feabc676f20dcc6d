import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
application = get_wsgi_application()

from factcheck.env import require_secret_key  # noqa: E402 - needs configured settings

require_secret_key()
