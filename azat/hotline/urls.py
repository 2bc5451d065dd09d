from django.urls import path

from azat.hotline import views

app_name = "hotline"

urlpatterns = [
    path("", views.work_list, name="work_list"),
    path("calls/start/", views.call_start, name="call_start"),
    path("calls/<int:pk>/", views.call_edit, name="call_edit"),
    path("lines/", views.hotline_list, name="hotline_list"),
    path("lines/new/", views.hotline_new, name="hotline_new"),
    path("lines/<int:pk>/edit/", views.hotline_edit, name="hotline_edit"),
    path("statistics/", views.call_stats, name="call_stats"),
]
