from redress.config.restframework import import_without_unused_extras

import_without_unused_extras()  # before anything imports DRF

from redress.config.celery import app as celery_app  # noqa: E402

__all__ = ["celery_app"]
