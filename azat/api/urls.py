from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from azat.api import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("me/", views.MeView.as_view(), name="me"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
]

# Hotline and screening endpoints (appended by those apps).
from azat.hotline import api as hotline_api  # noqa: E402
from azat.screening import api as screening_api  # noqa: E402

urlpatterns += [
    path("calls/", hotline_api.CallListCreateView.as_view(), name="call_list"),
    path("calls/<int:pk>/", hotline_api.CallDetailView.as_view(), name="call_detail"),
    path("screenings/", screening_api.ScreeningListCreateView.as_view(), name="screening_list"),
    path(
        "screenings/<int:pk>/",
        screening_api.ScreeningDetailView.as_view(),
        name="screening_detail",
    ),
]

# Legal knowledge base endpoints (appended by the knowledge app).
from azat.knowledge import api as knowledge_api  # noqa: E402

urlpatterns += [
    path("qualify/", knowledge_api.QualifyView.as_view(), name="qualify"),
    path("law/codes/", knowledge_api.LawCodeListView.as_view(), name="law_code_list"),
]

# Victim case management endpoints (appended by the cases app).
from azat.cases import api as cases_api  # noqa: E402

urlpatterns += [
    path("persons/", cases_api.PersonListCreateView.as_view(), name="person_list"),
    path("persons/<int:pk>/", cases_api.PersonDetailView.as_view(), name="person_detail"),
    path("cases/", cases_api.CaseListCreateView.as_view(), name="case_list"),
    path("cases/<int:pk>/", cases_api.CaseDetailView.as_view(), name="case_detail"),
]

# Referral and provider endpoints (appended by the referrals app).
from azat.referrals import api as referrals_api  # noqa: E402

urlpatterns += [
    path("providers/", referrals_api.ProviderListView.as_view(), name="provider_list"),
    path("providers/<int:pk>/", referrals_api.ProviderDetailView.as_view(), name="provider_detail"),
    path("referrals/", referrals_api.ReferralListView.as_view(), name="referral_list"),
    path("referrals/<int:pk>/", referrals_api.ReferralDetailView.as_view(), name="referral_detail"),
]

# Criminal cases (appended by the prosecution app).
from azat.prosecution import api as prosecution_api  # noqa: E402

urlpatterns += [
    path(
        "criminal-cases/",
        prosecution_api.CriminalCaseListCreateView.as_view(),
        name="criminal_case_list",
    ),
    path(
        "criminal-cases/<int:pk>/",
        prosecution_api.CriminalCaseDetailView.as_view(),
        name="criminal_case_detail",
    ),
]

# Consents of a case (appended by the cases app).
urlpatterns += [
    path(
        "cases/<int:pk>/consents/",
        cases_api.CaseConsentListCreateView.as_view(),
        name="case_consent_list",
    ),
    path(
        "cases/<int:pk>/consents/<int:consent_pk>/withdraw/",
        cases_api.CaseConsentWithdrawView.as_view(),
        name="case_consent_withdraw",
    ),
]

# Perpetrators recorded in a case (appended by the network app).
from azat.network import api as network_api  # noqa: E402

urlpatterns += [
    path(
        "cases/<int:pk>/perpetrators/",
        network_api.PerpetratorListCreateView.as_view(),
        name="case_perpetrator_list",
    ),
    path(
        "cases/<int:pk>/perpetrators/<int:perpetrator_pk>/",
        network_api.PerpetratorDetailView.as_view(),
        name="case_perpetrator_detail",
    ),
]
