from django.urls import path

from azat.prosecution import views

app_name = "prosecution"

urlpatterns = [
    path("", views.criminal_case_list, name="list"),
    path("new/", views.criminal_case_new, name="new"),
    path("funnel/", views.funnel, name="funnel"),
    path("qualify/case/<int:case_pk>/", views.case_qualify, name="case_qualify"),
    path("joint/<int:pk>/", views.joint_detail, name="joint"),
    path("<int:pk>/", views.criminal_case_detail, name="detail"),
    path("<int:pk>/step/", views.criminal_case_step, name="step"),
    path("<int:pk>/articles/", views.criminal_case_charge, name="charge"),
    path("<int:pk>/defendants/new/", views.defendant_add, name="defendant_add"),
    path(
        "<int:pk>/defendants/<int:defendant_pk>/verdict/",
        views.defendant_verdict,
        name="verdict",
    ),
    path(
        "<int:pk>/defendants/<int:defendant_pk>/perpetrator/",
        views.defendant_link,
        name="defendant_link",
    ),
    path("<int:pk>/evidence/new/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_edit, name="evidence_edit"),
    path("<int:pk>/victims/new/", views.victim_add, name="victim_add"),
    path("<int:pk>/victims/<int:victim_pk>/", views.victim_edit, name="victim_edit"),
    path("<int:pk>/joint/new/", views.joint_new, name="joint_new"),
]
