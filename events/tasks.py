"""Background work of the events app, run by the tasks worker (``db_worker``)."""

from django_tasks import task

from .emails import Delivery, send_notification
from .models import Notification


@task()
def deliver_notification(notification_id: int):
    """Send one outbox email. When sending fails, the worker itself tries again at the
    row's next attempt time (1, 2, 4 … minutes), as long as the email is not sent;
    housekeeping retries too, for backends that cannot defer a task."""
    if send_notification(notification_id) is not Delivery.FAILED:
        return
    if not deliver_notification.get_backend().supports_defer:
        return
    retry_at = (
        Notification.objects.filter(pk=notification_id, status=Notification.Status.FAILED)
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if retry_at is not None:
        deliver_notification.using(run_after=retry_at).enqueue(notification_id)
