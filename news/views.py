import datetime

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.pagecache import cached_page
from events.models import Event
from goodpractices.models import GoodPractice
from partners.models import Partner

from .models import NewsPost

PAGE_SIZE = 10
# What the news pages show: posts, their partners, events and practices.
NEWS = ("news", "partners", "events", "goodpractices")


def published():
    return NewsPost.objects.published().newest_first()


@require_GET
@cached_page(params={"page", "partner"}, scopes=NEWS)
def post_list(request):
    posts = published().for_cards()
    partner = None
    if slug := request.GET.get("partner"):
        partner = Partner.objects.filter(slug=slug).first()
        # An unknown partner shows no post, and says so, rather than every post.
        posts = posts.filter(partner=partner) if partner else posts.none()
    paginator = Paginator(posts, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "news/newspost_list.html",
        {
            "page_obj": page,
            "posts": page.object_list,
            "partner": partner,
            "partner_asked": bool(request.GET.get("partner")),
            "query_string": f"partner={partner.slug}" if partner else "",
        },
    )


@require_GET
@cached_page(scopes=NEWS)
def post_detail(request, slug):
    post = get_object_or_404(
        published()
        .select_related("partner", "event")
        .prefetch_related(
            Prefetch(
                "practices",
                queryset=GoodPractice.objects.published().for_cards().order_by("title"),
            )
        ),
        slug=slug,
    )
    event = post.event if post.event and post.event.status != Event.Status.DRAFT else None
    return render(
        request,
        "news/newspost_detail.html",
        {"post": post, "event": event, "practices": post.practices.all()},
    )


class LatestNewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Next2Met: news")
    subtitle = _("News of the Next2Met project and its partner regions.")

    def link(self):
        return reverse("news:list")

    def items(self):
        return published().select_related("partner")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        # The post's public date, at the start of that day in the portal's time zone.
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.partner.name
