from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/calendar.ics", views.calendar_feed, name="feed"),
    path("events/materials/<int:pk>/", views.material_download, name="material"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("events/<slug:slug>/registered/", views.registered, name="registered"),
    path("events/<slug:slug>/calendar.ics", views.event_calendar, name="calendar"),
    path("registration/confirm/<str:token>/", views.confirm, name="confirm"),
    path("registration/<str:token>/", views.manage, name="manage"),
    path("registration/<str:token>/details/", views.manage_details, name="manage_details"),
    path("registration/<str:token>/my-data/", views.my_data, name="my_data"),
    path("registration/<str:token>/my-data.json", views.my_data_json, name="my_data_json"),
    path("registration/<str:token>/my-data/erase/", views.my_data_erase, name="my_data_erase"),
]
