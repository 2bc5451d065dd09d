"""JSON API: POST /api/v1/qualify/ and GET /api/v1/law/codes/."""

from __future__ import annotations

import pytest

from azat.accounts.roles import Role

FACTS = {
    "events": [{"country": "UZ", "date": "2024-03-01", "stage": "recruitment"}],
    "means": ["MEANS_USE_FORCE"],
    "victim_exposed_to": ["EXP_PROSTITUTION"],
}


def test_prosecutor_qualifies_through_the_api(personas, client_for):
    response = client_for(personas[Role.PROSECUTOR]).post(
        "/api/v1/qualify/", FACTS, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    rows = body["countries"]["UZ"]
    assert [(r["code"], r["article"], r["part"], r["role"]) for r in rows][:1] == [
        ("uz-criminal-1994", "135", "2", "trafficking")
    ]
    assert body["jurisdictions"]["UZ"]["non_punishment"]["status"] == "verified"


def test_api_names_the_bad_key(personas, client_for):
    client = client_for(personas[Role.PROSECUTOR])
    bad = {**FACTS, "purposes": ["PURP_FUN"]}
    response = client.post("/api/v1/qualify/", bad, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"key": "purposes[0]", "detail": "unknown id 'PURP_FUN'"}
    response = client.post("/api/v1/qualify/", "{oops", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["key"] == "(root)"
    response = client.post("/api/v1/qualify/", [1, 2], content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"key": "(root)", "detail": "expected an object"}


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.CASEWORKER, Role.ANALYST])
def test_other_roles_cannot_qualify_through_the_api(role, personas, client_for):
    response = client_for(personas[role]).post(
        "/api/v1/qualify/", FACTS, content_type="application/json"
    )
    assert response.status_code == 404


def test_law_readers_list_codes(personas, client_for):
    response = client_for(personas[Role.ANALYST]).get("/api/v1/law/codes/")
    assert response.status_code == 200
    codes = {c["key"]: c for c in response.json()}
    assert len(codes) == 9
    kg = codes["kg-criminal-2021"]
    assert (kg["country"], kg["valid_from"], kg["valid_to"]) == ("KG", "2021-12-01", None)
    assert kg["dates_verification"] == {"valid_from": "U"}
    assert kg["rows"] == 16
    assert kg["rows_needing_review"] > 0


def test_hotline_operator_gets_not_found_for_codes(personas, client_for):
    assert client_for(personas[Role.OPERATOR]).get("/api/v1/law/codes/").status_code == 404


def test_endpoints_are_in_the_openapi_schema(personas, client_for):
    schema = client_for(personas[Role.ANALYST]).get("/api/v1/schema/").content.decode()
    assert "/api/v1/qualify/" in schema
    assert "/api/v1/law/codes/" in schema
    assert "CaseFacts" in schema
