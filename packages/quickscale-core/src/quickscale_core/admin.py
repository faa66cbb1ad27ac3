"""The failed tasks in the admin, with a "Run again" action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from quickscale_core.models import TaskFailure


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin[TaskFailure]):
    list_display = ("task_path", "attempts", "error", "created", "retried")
    list_filter = ("task_path",)
    search_fields = ("task_path", "error")
    readonly_fields = ("task_path", "args", "kwargs", "attempts", "error", "traceback", "created", "retried")
    actions = ("run_again",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Run again (enqueue once more, with a fresh set of attempts)")
    def run_again(self, request: HttpRequest, queryset: QuerySet[TaskFailure]) -> None:
        count = 0
        for failure in queryset:
            import_string(failure.task_path).enqueue(*failure.args, **failure.kwargs)
            failure.retried = timezone.now()
            failure.save(update_fields=["retried"])
            count += 1
        self.message_user(request, f"{count} task(s) enqueued again.", messages.SUCCESS)
