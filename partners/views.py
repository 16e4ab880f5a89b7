from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from core.pagecache import cached_page

from .maps import partner_map
from .models import Partner, PolicyInstrument

# Headings of the partner list, in the order the roles are shown.
ROLE_HEADINGS = [
    (Partner.Role.LEAD, _("Lead partner")),
    (Partner.Role.PARTNER, _("Partners")),
    (Partner.Role.ADVISORY, _("Advisory partner")),
    (Partner.Role.SERVICE, _("External service provider")),
]


@cached_page(scopes=("partners",))
def partner_list(request):
    partners = list(
        Partner.objects.for_cards()
        .select_related("replaces")
        .prefetch_related(Prefetch("successors", queryset=Partner.objects.for_cards()))
    )
    groups = []
    for role, heading in ROLE_HEADINGS:
        members = [p for p in partners if p.role == role]
        if members:
            groups.append(
                {
                    "role": role,
                    "heading": heading,
                    "current": [p for p in members if not p.is_former],
                    "former": [p for p in members if p.is_former],
                }
            )
    # The map shows where the partnership is now: the current partners, not the provider.
    on_map = [p for p in partners if not p.is_former and p.role != Partner.Role.SERVICE]
    return render(
        request,
        "partners/partner_list.html",
        {"groups": groups, "partner_map": partner_map(on_map)},
    )


PARTNER_NEWS = 5


@cached_page(scopes=("partners", "events", "goodpractices", "news"))
def partner_detail(request, slug):
    instruments = PolicyInstrument.objects.select_related("action_plan").prefetch_related(
        "stakeholders", "action_plan__actions"
    )
    partner = get_object_or_404(
        Partner.objects.select_related("replaces").prefetch_related(
            "successors", Prefetch("policy_instruments", queryset=instruments)
        ),
        slug=slug,
    )
    # The partner's latest news, through the reverse relation and the QuerySet methods
    # of the news app (which sits above partners: no import, the rule stays there).
    news = partner.news_posts.published().newest_first().for_cards()[:PARTNER_NEWS]
    return render(
        request, "partners/partner_detail.html", {"partner": partner, "partner_news": list(news)}
    )


@cached_page(scopes=("partners", "goodpractices"))
def instrument_list(request):
    instruments = list(
        PolicyInstrument.objects.select_related("partner", "action_plan").annotate(
            stakeholder_count=Count("stakeholders")
        )
    )
    kinds = [
        {
            "label": label,
            "instruments": [i for i in instruments if i.kind == kind],
        }
        for kind, label in PolicyInstrument.Kind.choices
    ]
    return render(
        request,
        "partners/policyinstrument_list.html",
        {"kinds": [k for k in kinds if k["instruments"]], "instrument_count": len(instruments)},
    )
