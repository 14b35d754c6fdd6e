"""WSGI entry point; production servers use oer_registry.settings.production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oer_registry.settings.production")
application = get_wsgi_application()
