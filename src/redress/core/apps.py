from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "redress.core"
    label = "core"

    def ready(self) -> None:
        from redress.core import checks  # noqa: F401 - registers the deploy checks
        from redress.core.cache import create_cache_table

        # `redress migrate` (and so `redress serve`) makes the shared cache's table on a new database.
        post_migrate.connect(create_cache_table, dispatch_uid="redress-create-cache-table")
