"""Core's one model: the record of a background task that gave up (quickscale_core.tasks)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskFailure(models.Model):
    """A task that failed ``attempts`` times in a row and is not retried any more.

    Written by :mod:`quickscale_core.tasks` on the last failed attempt, whatever the backend, so the
    admin shows every task that gave up; its "Run again" action enqueues it once more.
    """

    task_path = models.CharField(_("task"), max_length=255)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    attempts = models.PositiveIntegerField()
    error = models.TextField()
    traceback = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    retried = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created",)
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")

    def __str__(self) -> str:
        return f"{self.task_path} ({self.error[:60]})"
