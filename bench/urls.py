"""The benchmark's URL map: the product's, plus one minimal signed-in view to compare against.

The minimal view passes through the same middleware and role gate as every page (session, user,
membership, MFA check) and returns a few bytes, so the ratio shows what each page adds."""

from django.http import HttpResponse
from django.urls import path

from azat.accounts.access import AuthedRequest, any_member
from config.urls import *  # noqa: F403
from config.urls import urlpatterns as product_urlpatterns


@any_member
def minimal(request: AuthedRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *product_urlpatterns]
