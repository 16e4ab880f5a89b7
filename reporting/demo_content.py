"""Demo reporting: the periods from the project's dates and the confirmed policy
changes of ``reference/domain.md`` section 1.6. Targets, amounts and dates that the
sources do not give are left empty; the dashboard shows them as such."""

from partners.demo_content import tr
from partners.models import Action, PolicyInstrument, Project

from .models import PolicyChange, ReportingPeriod, build_periods

C = PolicyChange.ImprovementType
CHANGES = [
    {
        "instrument": "rpowp-2014-2020",
        "action_title": "Online consultation with users as a selection criterion for e-services",
        "improvement_type": C.MANAGEMENT,
        **tr(
            "title",
            en="Online consultation with users becomes a selection criterion for e-services",
            pl="Konsultacje online z użytkownikami kryterium wyboru projektów e-usług",
        ),
        **tr(
            "description",
            en="A new selection criterion in the RPOWP 2014–2020 call for e-services in "
            "administration, inspired by EMRA's good practice.",
            pl="Nowe kryterium wyboru w naborze RPOWP 2014–2020 na e-usługi w administracji, "
            "zainspirowane dobrą praktyką EMRA.",
        ),
        "evidence": "news-article/14108; news-article/15997 (projects2014-2020.interregeurope.eu)",
    },
    {
        "instrument": "iwb-efre-austria",
        "improvement_type": C.NEW_PROJECT,
        **tr(
            "title",
            en="An IoT platform for Lower Austria's municipalities",
            de="Eine IoT-Plattform für die Gemeinden Niederösterreichs",
        ),
        **tr(
            "description",
            en="Built after DIBA's Smart Urban Platform and tested with use cases in "
            "municipalities.",
            de="Nach dem Vorbild der Smart Urban Platform der DIBA aufgebaut und mit "
            "Anwendungsfällen in Gemeinden getestet.",
        ),
        "evidence": "news-article/13743; news-article/15995",
    },
    {
        "instrument": "diba-local-governments",
        "improvement_type": C.STRATEGIC,
        **tr(
            "title",
            en="A new strategic direction for the support to local governments",
            ca="Una nova orientació estratègica del suport als governs locals",
        ),
        "evidence": "news-article/15995",
    },
    {
        "instrument": "rses-eastern-midland",
        "improvement_type": C.STRATEGIC,
        **tr("title", en="A regional digitalisation framework for the Midlands"),
        **tr(
            "description",
            en="A roadmap for the digitalisation of the Midlands, inspired by Lower "
            "Austria's practices.",
        ),
        "evidence": "news-article/15664",
    },
]


def load_reporting() -> dict:
    project = Project.objects.first()
    if project and not ReportingPeriod.objects.exists():
        for fields in build_periods(project.start_date, project.end_date):
            ReportingPeriod.objects.create(**fields)
    instruments = {i.slug: i for i in PolicyInstrument.objects.all()}
    for fields in CHANGES:
        fields = dict(fields)
        instrument = instruments[fields.pop("instrument")]
        action_title = fields.pop("action_title", None)
        fields["action"] = (
            Action.objects.filter(title_en=action_title, action_plan__instrument=instrument).first()
            if action_title
            else None
        )
        PolicyChange.objects.update_or_create(
            instrument=instrument, title_en=fields["title_en"], defaults=fields
        )
    return {
        "reporting periods": ReportingPeriod.objects.count(),
        "policy changes": PolicyChange.objects.count(),
    }
