from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "redress.core"
    label = "core"

    def ready(self) -> None:
        from redress.core import checks  # noqa: F401 - registers the deploy checks
