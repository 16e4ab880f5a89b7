from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("partners/", views.partner_list, name="list"),
    path("partners/<slug:slug>/", views.partner_detail, name="detail"),
    path("policy-instruments/", views.instrument_list, name="instruments"),
    path("policy-instruments/<slug:slug>/", views.instrument_detail, name="instrument"),
]
