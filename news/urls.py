from django.urls import path

from core.pagecache import cached_page

from . import views

app_name = "news"
urlpatterns = [
    path("news/", views.post_list, name="list"),
    path(
        "news/feed.atom",
        cached_page(views.LatestNewsFeed(), scopes=views.NEWS),
        name="feed",
    ),
    path("news/<slug:slug>/", views.post_detail, name="detail"),
]
