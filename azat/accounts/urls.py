from django.urls import path

from azat.accounts import views

app_name = "accounts"

urlpatterns = [
    path("switch/", views.switch_membership, name="switch_membership"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation_edit"),
    path("people/", views.member_list, name="member_list"),
    path("people/invite/", views.member_invite, name="member_invite"),
    path("people/<int:pk>/", views.member_edit, name="member_edit"),
]
