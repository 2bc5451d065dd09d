from django.urls import path

from azat.linkage import views

app_name = "linkage"

urlpatterns = [
    path("", views.run_list, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("review/", views.review_queue, name="review"),
    path("review/<int:pk>/", views.pair_detail, name="pair"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/<int:pk>/undo/", views.decision_undo, name="decision_undo"),
]
