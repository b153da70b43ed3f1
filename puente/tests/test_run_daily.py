"""``manage.py run_daily`` lives in core (the daily hook's app) and enqueues what each app
registered with ``core.hooks.on_daily``, in the order of INSTALLED_APPS."""

import io

from django.core.management import call_command, get_commands

from puente.core.hooks import daily_tasks
from puente.mentoring.tasks import reminders_task, watch_task
from puente.notifications.tasks import weekly_digest_task


def test_run_daily_is_cores_and_enqueues_every_daily_task_once_in_order(db):
    assert get_commands()["run_daily"] == "puente.core"
    out = io.StringIO()
    call_command("run_daily", stdout=out)
    enqueued = [line.split()[1] for line in out.getvalue().splitlines()]
    assert enqueued == [task.name for task in daily_tasks()]
    assert len(set(enqueued)) == len(enqueued)
    # The weekly digest reads the flags the watch raised: the watch comes first.
    assert (
        enqueued.index(watch_task.name)
        < enqueued.index(reminders_task.name)
        < enqueued.index(weekly_digest_task.name)
    )
