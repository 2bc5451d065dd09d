"""Perpetrators under their case: /work/cases/<case>/perpetrators/... (included beside the cases
app's own URLs in config/urls.py)."""

from django.urls import path

from azat.network import views

app_name = "network"

urlpatterns = [
    path("<int:case_pk>/perpetrators/new/", views.perpetrator_new, name="perpetrator_new"),
    path("<int:case_pk>/perpetrators/<int:pk>/", views.perpetrator_edit, name="perpetrator_edit"),
    path(
        "<int:case_pk>/perpetrators/<int:pk>/remove/",
        views.perpetrator_remove,
        name="perpetrator_remove",
    ),
]
