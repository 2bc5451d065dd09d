"""The API frame: same MFA and role rules for session and token authentication."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from azat.accounts.roles import Role


def test_token_of_a_member_with_mfa_reaches_the_api(personas):
    user = personas[Role.CASEWORKER]
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["membership"]["role"] == "caseworker"


def test_token_without_mfa_is_refused(make_member, org):
    user = make_member(Role.CASEWORKER, org, mfa=False)
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "Two-factor" in response.json()["detail"]


def test_wrong_role_gets_not_found_from_the_api(personas, client_for):
    response = client_for(personas[Role.CASEWORKER]).get("/api/v1/organisations/")
    assert response.status_code == 404


def test_org_admin_sees_only_their_organisation(personas, other_org, org, client_for):
    response = client_for(personas[Role.ORG_ADMIN]).get("/api/v1/organisations/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [org.pk]
    assert response.json()["results"][0]["htcds_type"] == "NGO"


def test_schema_and_docs_are_served_to_members_only(personas, client_for, client):
    assert client.get("/api/v1/schema/").status_code in (401, 403)
    member = client_for(personas[Role.ANALYST])
    schema = member.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    assert member.get("/api/v1/docs/").status_code == 200


def test_openapi_schema_is_valid_without_warnings(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for endpoint in ("/api/v1/cases/", "/api/v1/referrals/", "/api/v1/calls/", "/api/v1/qualify/"):
        assert endpoint in text
