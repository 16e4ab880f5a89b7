"""Demo reporting: the periods from the project's dates, the confirmed policy changes of
``reference/domain.md`` section 1.6 and the attendance the sources state for events of
section 1.4 (data in ``demo/reporting.yaml``).
Targets, amounts and dates that the sources do not give are left empty; the dashboard
shows them as such."""

from core.demo import load_file
from partners.models import Project

from .models import PolicyChange, ReportingPeriod, StatedAttendance, build_periods


def load_reporting() -> dict:
    # The periods are a rule applied to the project's dates, not facts of their own.
    project = Project.objects.first()
    if project and not ReportingPeriod.objects.exists():
        for fields in build_periods(project.start_date, project.end_date):
            ReportingPeriod.objects.create(**fields)
    load_file("reporting")
    return {
        "reporting periods": ReportingPeriod.objects.count(),
        "policy changes": PolicyChange.objects.count(),
        "stated attendance": StatedAttendance.objects.count(),
    }
