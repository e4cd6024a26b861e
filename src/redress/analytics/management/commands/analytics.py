"""redress analytics refresh [--full] | spikes [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD] [--json]
| themes [--from YYYY-MM-DD --to YYYY-MM-DD] [--seed N] [--json]
— the counts the dashboards and returns read, the spike alerts (and expected volume) of a day or a range, and the
themes of a period (stored as a run; without a period, the last four full weeks)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from redress.analytics.services import facts_refresh
from redress.analytics.spike_scan import alert_departments, alert_json, series_label
from redress.analytics.themes.periods import weekly_period
from redress.analytics.themes.selectors import theme_json
from redress.analytics.themes.services import themes_run
from redress.analytics.volume_band import spikes_backfill, spikes_night
from redress.core.errors import InvalidInput


def _day(value: str, option: str = "--date") -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r}: give a date as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Analytics: refresh the counts; find the spikes of a day."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        refresh = sub.add_parser("refresh", help="count the complaints changed since the last refresh")
        refresh.add_argument("--full", action="store_true", help="count every complaint again")
        spikes = sub.add_parser("spikes", help="the series well above what their recent past predicts")
        spikes.add_argument("--date", default="", help="the day to look at (default: yesterday)")
        spikes.add_argument("--from", dest="start", default="", help="backfill: the first day of a range (with --to)")
        spikes.add_argument("--to", dest="end", default="", help="backfill: the last day of the range, included")
        spikes.add_argument("--json", action="store_true", help="one JSON line per alert")
        spikes.add_argument("--quiet", action="store_true", help="do not notify managers and compliance")
        themes = sub.add_parser("themes", help="group a period's complaint texts into themes (stored as a run)")
        themes.add_argument("--from", dest="start", default="", help="the first day (default: four full weeks back)")
        themes.add_argument("--to", dest="end", default="", help="the last day, included (default: last Sunday)")
        themes.add_argument("--seed", type=int, default=0, help="the seed of the method (same seed, same themes)")
        themes.add_argument("--json", action="store_true", help="one JSON line per theme")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "refresh":
            counted = facts_refresh(full=options["full"])
            self.stdout.write(f"{counted} complaints counted.")
            return
        if options["what"] == "themes":
            self._themes(options)
            return
        if options["start"] or options["end"]:
            alerts, day = self._backfill(options), None
        else:
            day = _day(options["date"]) if options["date"] else timezone.localdate() - timedelta(days=1)
            alerts = spikes_night(day, notify=not options["quiet"])
        departments = {} if options["json"] else alert_departments(alert_json(a) for a in alerts)
        for alert in alerts:
            if options["json"]:
                self.stdout.write(json.dumps(alert_json(alert), ensure_ascii=False))
            else:
                label = series_label(alert.dimension, alert.key, "en", departments)
                self.stdout.write(
                    f"{alert.day} {alert.level:5} {alert.dimension}={label}: {alert.count} (expected {alert.expected})"
                )
        if not alerts and not options["json"]:
            self.stdout.write(f"No spikes on {day}." if day else "No spikes in the range.")

    def _backfill(self, options: dict[str, Any]) -> list[Any]:
        if options["date"] or not (options["start"] and options["end"]):
            raise CommandError("Give --date, or --from and --to together.")
        first, last = _day(options["start"], "--from"), _day(options["end"], "--to")
        if last < first:
            raise CommandError("--to is before --from.")
        return spikes_backfill(first, last)

    def _themes(self, options: dict[str, Any]) -> None:
        if bool(options["start"]) != bool(options["end"]):
            raise CommandError("Give --from and --to together (or neither: the last four full weeks).")
        if options["start"]:
            first, last = _day(options["start"], "--from"), _day(options["end"], "--to")
        else:
            first, last = weekly_period(timezone.localdate())
        try:
            run = themes_run(start=first, end=last, seed=options["seed"])
        except InvalidInput as exc:
            detail = exc.detail if isinstance(exc.detail, dict) else {"": [exc.detail]}
            words = "; ".join(f"--{field}: {' '.join(map(str, problems))}" for field, problems in detail.items())
            raise CommandError(words) from None
        themes = list(run.themes.order_by("number"))
        if options["json"]:
            for theme in themes:
                self.stdout.write(json.dumps(theme_json(theme), ensure_ascii=False))
            return
        self.stdout.write(
            f"Themes of {run.period_start} to {run.period_end} (run {run.id}): {run.texts} complaints, "
            f"{run.previous_texts} in {run.previous_start} to {run.previous_end}."
        )
        if not themes:
            self.stdout.write("No themes: no complaint text in the period.")
            return
        self.stdout.write(f"{'#':>3}  {'size':>6}  {'before':>6}  {'growth':>8}  label")
        for theme in themes:
            data = theme_json(theme)
            growth = "new" if data["growth"] is None else f"{data['growth']:+.1f}%"
            self.stdout.write(
                f"{theme.number:>3}  {data['size']:>6}  {data['previous_size']:>6}  {growth:>8}  {data['label']}"
            )
