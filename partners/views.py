from django.core.paginator import Paginator
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.pagecache import attach_cards, cached_page

from .maps import partner_map_html
from .models import Action, Partner, PolicyInstrument

INSTRUMENTS_PER_PAGE = 20
# The partner page shows the newest practices and links on to all of them in the library.
PARTNER_PRACTICES = 6
PARTNER_NEWS = 5

# Headings of the partner list, in the order the roles are shown.
ROLE_HEADINGS = [
    (Partner.Role.LEAD, _("Lead partner")),
    (Partner.Role.PARTNER, _("Partners")),
    (Partner.Role.ADVISORY, _("Advisory partner")),
    (Partner.Role.SERVICE, _("External service provider")),
]


@cached_page(scopes=("partners",))
def partner_list(request):
    partners = attach_cards(
        request,
        Partner.objects.for_cards()
        .select_related("replaces")
        # Into a list: the related manager's queryset per partner costs more than the
        # card that shows it (former partners only).
        .prefetch_related(
            Prefetch("successors", queryset=Partner.objects.for_cards(), to_attr="successor_list")
        ),
        "partners/includes/partner_card.html",
        ("partners",),
        name="partner",
        extra=timezone.localdate(),  # a partner whose role ended is shown as former
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
        {
            "groups": groups,
            # Shown when one marker at least has a place.
            "partner_map": (
                partner_map_html(request, on_map) if any(p.has_location for p in on_map) else ""
            ),
        },
    )


def _model_above(relation):
    """The model of an app above partners, reached through its relation to a partners
    model rather than imported: partners imports nothing above it (the layers in
    pyproject.toml), and what the public sees of those rows stays the rule of their own
    QuerySet (``published()``, ``public()``, ``validated()``)."""
    return relation.rel.related_model


@cached_page(scopes=("partners", "events", "goodpractices", "news"))
def partner_detail(request, slug):
    instruments = PolicyInstrument.objects.select_related("action_plan").annotate(
        stakeholder_count=Count("stakeholders", distinct=True),
        action_count=Count("action_plan__actions", distinct=True),
    )
    partner = get_object_or_404(
        Partner.objects.select_related("replaces").prefetch_related(
            "successors", Prefetch("policy_instruments", queryset=instruments)
        ),
        slug=slug,
    )
    practices = partner.good_practices.published().for_cards()
    # The partner's latest news, through the reverse relation and the QuerySet methods
    # of the news app (which sits above partners: no import, the rule stays there).
    news = partner.news_posts.published().newest_first().for_cards()[:PARTNER_NEWS]
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "practices": practices[:PARTNER_PRACTICES],
            "practice_count": practices.count(),
            "events": partner.events.public().order_by("-start", "-pk"),
            "partner_news": list(news),
        },
    )


def _kind_order():
    """The kinds in the order of their choices, as a sort key the database computes."""
    kinds = PolicyInstrument.Kind.values
    return Case(*(When(kind=kind, then=Value(n)) for n, kind in enumerate(kinds)), default=99)


@cached_page(params={"page"}, scopes=("partners",))
def instrument_list(request):
    instruments = (
        PolicyInstrument.objects.select_related("partner", "action_plan")
        .annotate(stakeholder_count=Count("stakeholders"))
        .order_by(_kind_order(), "partner__order", "slug")
    )
    # Each kind's total over every page, in one query.
    totals = PolicyInstrument.objects.aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in PolicyInstrument.Kind.values}
    )
    page = Paginator(instruments, INSTRUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    on_page = list(page.object_list)
    kinds = [
        {
            "kind": kind,
            "label": label,
            "total": totals[kind],
            "instruments": [i for i in on_page if i.kind == kind],
        }
        for kind, label in PolicyInstrument.Kind.choices
    ]
    return render(
        request,
        "partners/policyinstrument_list.html",
        {
            "kinds": [k for k in kinds if k["instruments"]],
            "instrument_count": sum(totals.values()),
            "page_obj": page,
        },
    )


@cached_page(scopes=("partners", "goodpractices", "reporting"))
def instrument_detail(request, slug):
    """An instrument with its stakeholder group, its action plan action by action (each
    with the published practices that inspired it) and the validated policy changes it
    led to: five queries, whatever the number of actions, members and practices."""
    instrument = get_object_or_404(
        PolicyInstrument.objects.select_related("partner", "action_plan"), slug=slug
    )
    plan = getattr(instrument, "action_plan", None)
    changes = list(instrument.policy_changes.validated().order_by("date", "pk"))
    actions = []
    if plan is not None:
        transfer = _model_above(Action.transfers)
        practice = _model_above(Partner.good_practices)
        steps = (
            transfer.objects.filter(practice__in=practice.objects.published().values("pk"))
            .select_related("practice")
            .defer("practice__search_text", "practice__search_vector")
            .order_by("practice__pk", "stage", "pk")
        )
        actions = list(
            plan.actions.prefetch_related(Prefetch("transfers", queryset=steps, to_attr="steps"))
        )
        for action in actions:
            # A region may have reached several stages with one practice: list it once.
            action.inspired_by = list({s.practice_id: s.practice for s in action.steps}.values())
            action.changes = [c for c in changes if c.action_id == action.pk]
            for change in action.changes:
                change.from_action = action
    stakeholders = list(instrument.stakeholders.all())
    return render(
        request,
        "partners/policyinstrument_detail.html",
        {
            "instrument": instrument,
            "partner": instrument.partner,
            "stakeholders": stakeholders,
            "plan": plan,
            "actions": actions,
            "changes": changes,
        },
    )
