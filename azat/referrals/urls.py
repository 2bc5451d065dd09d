from django.urls import path

from azat.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("all/", views.referral_list, name="list"),
    path("providers/", views.directory, name="directory"),
    path("providers/<int:pk>/", views.provider_detail, name="provider_detail"),
    path("providers/profile/", views.provider_edit, name="provider_edit"),
    path("cases/<int:case_pk>/new/", views.referral_new, name="new"),
    path("cases/<int:case_pk>/services/new/", views.case_service_new, name="case_service_new"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/send/", views.referral_send, name="send"),
    path("<int:pk>/step/", views.referral_step, name="step"),
    path("<int:pk>/services/new/", views.service_new, name="service_new"),
]
