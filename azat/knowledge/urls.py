from django.urls import path

from azat.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("review/", views.review_list, name="review_list"),
    path("review/row/<str:key>/", views.row_review, name="row_review"),
    path("qualify/", views.qualify_page, name="qualify"),
    path("qualify/memo/", views.qualify_memo, name="memo"),
    path("<str:country>/<str:code>/", views.code_detail, name="code_detail"),
    path(
        "<str:country>/<str:code>/article/<str:article>/",
        views.article_detail,
        name="article_detail",
    ),
]
