"""django-tasks-db's ``db_worker``, which first recovers what a killed worker left behind.

The library's worker marks a task running when it takes it and finished when it
returns, and nothing ever looks at a task whose worker was killed in between. This
command (same name and options; core is listed before django_tasks_db in
INSTALLED_APPS, so it replaces the library's) first gives up the email deliveries that
dead workers left running and queues their emails again (``core.outbox.recover_tasks``):
those that have run longer than the lease, and those of a worker started again under
the same ``--worker-id`` (deploy/systemd gives each host's worker a fixed one), which
therefore died. The housekeeping recovers them too.
"""

import logging

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from core import outbox

logger = logging.getLogger(__name__)


class Command(DatabaseWorkerCommand):
    help = (
        "Run the email worker (django-tasks-db's database worker), after recovering the "
        "deliveries that a killed worker left running."
    )

    def handle(self, *args, worker_id: str, **options):
        recovered = outbox.recover_tasks(dead_worker=worker_id)
        if recovered:
            logger.warning("Recovered %s email deliveries left running by a dead worker", recovered)
        super().handle(*args, worker_id=worker_id, **options)
