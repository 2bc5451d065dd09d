from django.urls import path

from azat.reporting import views

app_name = "reporting"

urlpatterns = [
    path("victims/", views.victim_statistics, name="victims"),
]
