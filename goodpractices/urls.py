from django.urls import path

from core.pagecache import cached_page

from . import views

app_name = "goodpractices"
urlpatterns = [
    path("good-practices/", views.practice_list, name="list"),
    path("good-practices/transfers/", views.transfer_matrix, name="transfers"),
    path(
        "good-practices/feed.atom",
        cached_page(views.LatestPracticesFeed(), scopes=views.LIBRARY),
        name="feed",
    ),
    path("good-practices/good-practices.csv", views.export_csv, name="export_csv"),
    path("good-practices/good-practices.json", views.export_json, name="export_json"),
    path("good-practices/documents/<int:pk>/", views.document_download, name="document"),
    path("good-practices/<slug:slug>/", views.practice_detail, name="detail"),
]
