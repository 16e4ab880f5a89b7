from django.db import models


class ContentChange(models.Model):
    """One row per write to what the public pages show; the newest id is the content version.

    Inserting (rather than raising a counter) takes no row lock, so editors, registrations
    and housekeeping never queue behind each other; every app server reads the same
    version from the database, so a page cached by one is never served stale by another.
    Housekeeping deletes the old rows.
    """

    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "content change"
        # Created by next2met's first migration, before the model moved here: the
        # table keeps its name, so no database has to rename or copy anything.
        db_table = "next2met_contentchange"

    def __str__(self):
        return f"#{self.pk} at {self.at:%Y-%m-%d %H:%M:%S}"
