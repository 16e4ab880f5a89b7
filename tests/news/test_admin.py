"""A partner writes its own news; the lead partner publishes it."""

import pytest
from django.urls import reverse

from news.models import NewsPost
from tests.factories import NewsPostFactory
from tests.news.conftest import post_form

pytestmark = pytest.mark.django_db

S = NewsPost.Status
ADD_URL = reverse("admin:news_newspost_add")
LIST_URL = reverse("admin:news_newspost_changelist")


def change_url(post):
    return reverse("admin:news_newspost_change", args=[post.pk])


def test_partner_staff_see_only_their_own_posts(alpha_client, alpha, beta):
    NewsPostFactory(partner=alpha, title_en="Alpha draft", status=S.DRAFT)
    other = NewsPostFactory(partner=beta, title_en="Beta draft", status=S.DRAFT)
    html = alpha_client.get(LIST_URL).content.decode()
    assert "Alpha draft" in html and "Beta draft" not in html
    assert alpha_client.get(change_url(other)).status_code == 302  # "not found" → index
    alpha_client.post(change_url(other), post_form(slug=other.slug))
    other.refresh_from_db()
    assert other.title_en == "Beta draft"


def test_partner_staff_write_for_their_own_partner(alpha_client, alpha, beta):
    response = alpha_client.post(ADD_URL, post_form(partner=beta.pk, status="submitted"))
    assert response.status_code == 302, response.content.decode()[:3000]
    post = NewsPost.objects.get(slug="stakeholders-meet-in-alpha")
    assert post.partner == alpha and post.status == S.SUBMITTED


def test_partner_staff_cannot_publish(alpha_client, alpha):
    response = alpha_client.post(ADD_URL, post_form(status="published"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NewsPost.objects.exists()
    draft = NewsPostFactory(partner=alpha, status=S.DRAFT)
    alpha_client.post(change_url(draft), post_form(slug=draft.slug, status="published"))
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    # Nor through the list's actions.
    alpha_client.post(LIST_URL, {"action": "publish", "_selected_action": [draft.pk], "index": 0})
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_partner_staff_submit_drafts_with_the_action(alpha_client, alpha):
    draft = NewsPostFactory(partner=alpha, status=S.DRAFT)
    alpha_client.post(LIST_URL, {"action": "submit", "_selected_action": [draft.pk], "index": 0})
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_a_published_post_is_read_only_for_partner_staff(alpha_client, alpha):
    post = NewsPostFactory(partner=alpha, title_en="Approved text", status=S.PUBLISHED)
    html = alpha_client.get(change_url(post)).content.decode()
    assert 'name="title_en"' not in html  # the view page, not a form
    alpha_client.post(change_url(post), post_form(slug=post.slug, title_en="Changed"))
    post.refresh_from_db()
    assert post.title_en == "Approved text" and post.status == S.PUBLISHED


def test_the_lead_partner_publishes_any_partners_post(lead_client, alpha):
    submitted = NewsPostFactory(partner=alpha, status=S.SUBMITTED)
    response = lead_client.post(
        change_url(submitted),
        post_form(slug=submitted.slug, partner=alpha.pk, status="published"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    submitted.refresh_from_db()
    assert submitted.status == S.PUBLISHED and submitted.partner == alpha


def test_the_lead_partner_publishes_with_the_action(lead_client, alpha):
    posts = [NewsPostFactory(partner=alpha, status=S.SUBMITTED) for _ in range(2)]
    response = lead_client.post(
        LIST_URL,
        {"action": "publish", "_selected_action": [p.pk for p in posts], "index": 0},
        follow=True,
    )
    assert "2 posts published." in response.content.decode()
    assert set(NewsPost.objects.values_list("status", flat=True)) == {S.PUBLISHED}


def test_the_change_form_renders_with_its_translation_tabs(lead_client, alpha):
    post = NewsPostFactory(partner=alpha)
    html = lead_client.get(change_url(post)).content.decode()
    assert 'name="body_de"' in html and 'name="image_alt_en"' in html
    assert lead_client.get(ADD_URL).status_code == 200
