from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [path("results/", views.results, name="results")]
