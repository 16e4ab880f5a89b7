"""Background work of the events app, run by the tasks worker (``db_worker``)."""

from django_tasks import task

from .emails import send_notification


@task()
def deliver_notification(notification_id: int):
    send_notification(notification_id)
