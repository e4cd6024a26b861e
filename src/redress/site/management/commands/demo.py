"""redress demo — load a realistic bilingual demo data set."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from redress.accounts.models import User
from redress.site.demo.load import demo_load, demo_logins, demo_spikes


class Command(BaseCommand):
    help = "Load the bilingual demo: departments, one user per role, complaints in every stage."

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(username="intake").exists():
            raise CommandError("The demo (or users with its names) is loaded already.")
        demo_load()
        demo_spikes()
        self.stdout.write("Demo loaded. Sign in with:\n" + (demo_logins() or ""))
