"""The scheduler enqueues the organisations' nightly disclosure check once a day."""

from datetime import datetime
from unittest import mock

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CHECK_PATH = "organisations.tasks.flag_overdue_disclosures_task"


def _checks():
    return DBTaskResult.objects.filter(task_path=CHECK_PATH)


def _on(day: str):
    moment = timezone.make_aware(datetime.fromisoformat(f"{day} 00:05"))
    return mock.patch("django.utils.timezone.now", return_value=moment)


@override_settings(TASKS=DATABASE_TASKS)
def test_the_disclosure_check_is_enqueued_once_a_day(db):
    with _on("2026-12-31"):
        call_command("run_scheduler", "--once")
        call_command("run_scheduler", "--once")  # the same day: not again
    assert _checks().count() == 1
    with _on("2027-01-01"):  # a new day, and a new year
        call_command("run_scheduler", "--once")
    assert _checks().count() == 2
