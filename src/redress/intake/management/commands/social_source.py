"""`redress social-source add NAME`: a social-media source for the webhook; prints its secret once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError

from redress.intake.adapters.social import source_create
from redress.intake.models import SocialSource


class Command(BaseCommand):
    help = "Manage social-media webhook sources: add NAME (prints the secret once), list, disable NAME."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["add", "list", "disable"])
        parser.add_argument("name", nargs="?", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        verb, name = options["verb"], options["name"]
        if verb == "list":
            for source in SocialSource.objects.all():
                self.stdout.write(f"{source.name}\t{'active' if source.active else 'disabled'}")
            return
        if not name:
            raise CommandError("Name the source.")
        if verb == "disable":
            if not SocialSource.objects.filter(name=name).update(active=False):
                raise CommandError(f"No source {name!r}.")
            return
        try:
            source, secret = source_create(name)
        except IntegrityError as exc:
            raise CommandError(f"A source {name!r} exists already.") from exc
        self.stdout.write(f"Source {source.name}: POST /api/v1/intake/social/{source.name}/")
        self.stdout.write("Webhook secret (shown once; sign each body with HMAC-SHA256):")
        self.stdout.write(secret)
