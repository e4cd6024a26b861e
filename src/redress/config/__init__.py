"""Settings, URLs and process configuration.

The Celery app (`celery`) is not imported here: a web process loads it only where it publishes a task
(bench/README.md, "Web worker memory"); `celery -A redress.config` finds it in `redress.config.celery`.
"""

from redress.config.restframework import import_without_unused_extras

import_without_unused_extras()  # before anything imports DRF
