"""``manage.py tasks_prune``: clear old task results and old failure records (run it daily from cron)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from quickscale_core.models import TaskFailure


class Command(BaseCommand):
    help = (
        "Delete finished task results of the database backend older than --days (14), and failed-task "
        "records older than --failures-days (90). Run it daily from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=14, help="Age of finished task results to delete.")
        parser.add_argument("--failures-days", type=int, default=90, help="Age of failed-task records to delete.")

    def handle(self, *args: Any, **options: Any) -> None:
        from django_tasks_db.models import DBTaskResult

        now = timezone.now()
        results, _ = DBTaskResult.objects.filter(
            status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=now - timedelta(days=options["days"])
        ).delete()
        failures, _ = TaskFailure.objects.filter(created__lt=now - timedelta(days=options["failures_days"])).delete()
        self.stdout.write(f"Deleted {results} task results and {failures} failed-task records.")
