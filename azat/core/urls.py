from django.urls import path

from azat.core import views

app_name = "core"

urlpatterns = [path("audit/", views.audit_list, name="audit_list")]
