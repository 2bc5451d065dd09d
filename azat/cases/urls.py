from django.urls import path

from azat.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("past-target/", views.case_overdue, name="overdue"),
    path("target/", views.stage_target, name="stage_target"),
    path("persons/search/", views.person_search, name="person_search"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(
        "persons/<int:pk>/documents/<int:document_pk>/edit/",
        views.document_edit,
        name="document_edit",
    ),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/stage/", views.case_move, name="move"),
    path("<int:pk>/close/", views.case_close, name="close"),
    path("<int:pk>/consents/new/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/events/new/", views.event_add, name="event_add"),
    path("<int:pk>/notes/new/", views.note_add, name="note_add"),
    path("<int:pk>/needs/new/", views.needs_add, name="needs_add"),
    path("<int:pk>/plan/new/", views.plan_add, name="plan_add"),
    path("<int:pk>/plan/<int:item_pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/summary/", views.case_summary, name="summary"),
]
