"""Demo good practices: the ones Next2Met identified or presented, from
``reference/domain.md`` section 1.5, and the two confirmed transfers.

The facts are data in ``demo/goodpractices.yaml``. Only what the sources say is filled
in: where a date, an institution or a NUTS code is not known, it is left empty and the
page says "not given" rather than guessing. Only the first practice is confirmed in the
Policy Learning Platform database; the others are shown as approved by the project.
"""

from core.demo import load_file

from .models import TransferInterest


def load_good_practices() -> dict:
    counts = load_file("goodpractices")
    glossary = load_file("glossary")
    return {
        "glossary terms": glossary["goodpractices.glossaryterm"],
        "themes": counts["goodpractices.theme"],
        "good practices": counts["goodpractices.goodpractice"],
        "transfer steps": TransferInterest.objects.count(),
    }
