from django.urls import path

from azat.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.screening_list, name="list"),
    path("start/", views.screening_start, name="start"),
    path("preview/", views.screening_preview, name="preview"),
    path("<int:pk>/", views.screening_edit, name="edit"),
]
