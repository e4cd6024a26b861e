import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from redress.core import textservice

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")
application = get_wsgi_application()

# With the text service (redress.config.gunicorn starts it), the model is there, not in the web processes.
if getattr(settings, "REDRESS_TRIAGE_ENABLED", True) and not textservice.configured():
    # after get_wsgi_application(): the triage modules need the app registry ready
    from redress.triage.runtime import warm_in_background

    warm_in_background()  # the first registration of this web process need not load the model itself
