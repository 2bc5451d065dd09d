from django.urls import path

from azat.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("trafficking/", views.what_is, name="what_is"),
    path("job-check/", views.job_check, name="job_check"),
    path("safety-plan/", views.safety_plan, name="safety_plan"),
    path("safety-plan.txt", views.safety_plan_text, name="safety_plan_text"),
    path("help/", views.get_help, name="help"),
    path("someone-in-trouble/", views.someone_in_trouble, name="someone_in_trouble"),
    path("after-return/", views.after_return, name="after_return"),
]
