"""The site's time-driven work: every job the apps registered (core.housekeeping).

Safe to run at any time and as often as you like (every few minutes from cron or a
systemd timer; daily at the least), or as a long-running loop with ``--every SECONDS``
(what ``make run`` does). ``events_housekeeping`` is the same command under its old name.
"""

import logging
import time

from django.core.management.base import BaseCommand

from core import housekeeping

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the site's periodic jobs: expire unconfirmed registrations and promote the "
        "waiting list, queue reminders and materials emails, retry failed emails, anonymise "
        "registrations past retention, retry good-practice status notices, delete old admin "
        "login records, prune the page cache's change log."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDS",
            help="Keep running: do the work, wait this long, again (until interrupted).",
        )
        parser.add_argument(
            "--rounds",
            type=int,
            metavar="N",
            help="With --every: stop after N rounds instead of running until interrupted.",
        )

    def handle(self, *args, every=None, rounds=None, **options):
        if every is None:
            self.run_once()
            return
        done = 0
        while rounds is None or done < rounds:
            if done:
                time.sleep(every)
            try:
                self.run_once()
            except Exception:
                # A busy database or a broken mail server must not end the loop: the work
                # is idempotent and the next round picks up what this one left.
                logger.exception("Housekeeping round failed; trying again in %s s", every)
            done += 1

    def run_once(self):
        self.stdout.write(", ".join(housekeeping.run_all()))
