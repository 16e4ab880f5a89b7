"""Background work of the good-practice library, run by the tasks worker."""

from django_tasks import task

from .notices import send_status_notice


@task()
def notify_owner(change_id: int):
    send_status_notice(change_id)
