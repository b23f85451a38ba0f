"""Run the background tasks inside a test, with the worker's own code."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_tasks():
    """Run every task that is due, as `manage.py db_worker --batch` does.

    The command itself closes the database connection between tasks, as a
    process of its own should; inside a test that would end the test's
    transaction. This runs the same worker code on the test's connection.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    while (task_result := DBTaskResult.objects.ready().get_locked()) is not None:
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)
