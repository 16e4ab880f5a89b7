"""The real Next2Met facts, for the demo and for a first production load.

The facts are data in ``demo/partners.yaml`` (sources in ``shared/reference/domain.md``
and ``shared/seeds/``). Facts marked there as inferred carry ``details_confirmed: false``
and a source note, so editors see what still needs checking. The only personal data are
the contact persons the published sources name as such (for the contact page); other
people named in the sources are left out on purpose.
"""

from core.demo import load_file

from .models import Action, ContactPerson, StakeholderOrganisation


def load_partners() -> dict:
    """Create or update the project, partners and instruments; return counts."""
    counts = load_file("partners")
    return {
        "partners": counts["partners.partner"],
        "policy instruments": counts["partners.policyinstrument"],
        "stakeholder organisations": StakeholderOrganisation.objects.count(),
        "actions": Action.objects.count(),
        "contact persons": ContactPerson.objects.count(),
    }
