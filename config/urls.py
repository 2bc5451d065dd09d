"""URL map. Pages carry the language in the URL (/ru/..., /en/...); the API does not."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from azat.accounts import views as account_views
from azat.core import errors

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("azat.api.urls")),
    path("healthz", errors.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    # The public self-help site is the front door; staff work lives under /work/.
    path("", include("azat.public.urls")),
    path("accounts/", include("allauth.urls")),
    path("work/", account_views.home, name="home"),
    path("work/admin/", include("azat.accounts.urls")),
    path("work/", include("azat.core.urls")),
    path("work/hotline/", include("azat.hotline.urls")),
    path("work/screening/", include("azat.screening.urls")),
    path("work/cases/", include("azat.cases.urls")),
    path("work/cases/", include("azat.network.urls")),
    path("work/referrals/", include("azat.referrals.urls")),
    path("work/prosecution/", include("azat.prosecution.urls")),
    path("work/law/", include("azat.knowledge.urls")),
    path("work/linkage/", include("azat.linkage.urls")),
    path("work/statistics/", include("azat.reporting.urls")),
    prefix_default_language=True,
)

handler400 = "azat.core.errors.bad_request"
handler403 = "azat.core.errors.permission_denied"
handler404 = "azat.core.errors.page_not_found"
handler500 = "azat.core.errors.server_error"
