"""Pages of the law: who may open them, what they show, the review form and the qualification."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission

from azat.accounts.roles import Role
from azat.core.models import AuditEvent
from azat.knowledge import selectors
from azat.knowledge.models import RowReview

READERS = [Role.PROSECUTOR, Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST]
SEED_166 = "kg-criminal-2021"


def _row(code: str, article: str, status: str) -> selectors.LawRow:
    rows = [
        r
        for r in selectors.law_rows()
        if r.code.key == code and r.provision.article == article and r.status == status
    ]
    return rows[0]


def _pages() -> list[str]:
    key = _row("kg-criminal-2021", "166", "seed").key
    return [
        "/en/work/law/",
        "/en/work/law/kg/criminal/",
        "/en/work/law/kg/criminal/article/166/",
        "/en/work/law/review/",
        f"/en/work/law/review/row/{key}/",
    ]


@pytest.mark.parametrize("role", READERS)
def test_law_readers_open_every_law_page(role, personas, client_for):
    client = client_for(personas[role])
    for url in _pages():
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.PROVIDER, Role.ORG_ADMIN, Role.SYS_ADMIN])
def test_other_roles_get_not_found(role, personas, client_for):
    client = client_for(personas[role])
    for url in [*_pages(), "/en/work/law/qualify/"]:
        assert client.get(url).status_code == 404, url


def test_hotline_operator_gets_not_found_for_the_law(personas, client_for):
    response = client_for(personas[Role.OPERATOR]).get("/ru/work/law/")
    assert response.status_code == 404


def test_unknown_code_article_and_row_are_not_found(personas, client_for):
    client = client_for(personas[Role.ANALYST])
    assert client.get("/en/work/law/ru/criminal/").status_code == 404
    assert client.get("/en/work/law/kg/criminal/article/9999/").status_code == 404
    assert client.get("/en/work/law/review/row/nope/").status_code == 404


def test_index_lists_codes_per_country_with_versions(personas, client_for):
    response = client_for(personas[Role.CASEWORKER]).get("/en/work/law/")
    html = response.content.decode()
    assert "Kyrgyzstan" in html and "Uzbekistan" in html
    assert "Criminal Code of the Kyrgyz Republic of 28 October 2021 No. 127" in html
    assert "2019-01-01" in html and "2021-11-30" in html  # the 2017 code's window
    assert 'href="/en/work/law/kg/criminal/"' in html
    assert "Legal qualification of a case" not in html  # caseworkers do not qualify


def test_code_page_shows_verification_badges(personas, client_for):
    html = client_for(personas[Role.ANALYST]).get("/en/work/law/kz/criminal/").content.decode()
    assert 'class="badge badge-warn">unverified — needs legal review<' in html
    assert 'class="badge badge-ok">verified<' in html
    assert "Versions of this code" in html
    assert "kz-criminal-1997" in html and "kz-criminal-2014" in html


def test_article_page_shows_history_and_both_readings_of_a_disputed_row(personas, client_for):
    html = (
        client_for(personas[Role.PROSECUTOR])
        .get("/en/work/law/kg/criminal/article/166/")
        .content.decode()
    )
    assert 'class="badge badge-danger">disputed: two readings<' in html
    assert "Reading 1" in html and "Reading 2" in html
    assert "imprisonment from 3 to 5 years" in html
    assert "imprisonment from 3 to 6 years, with confiscation of property" in html
    assert (
        "https://www.state.gov/reports/2022-trafficking-in-persons-report/kyrgyz-republic/" in html
    )
    assert "seed: project starting documents" in html
    assert "2021-12-01" in html
    # Article 166 of the 2017 code is a different article; only 2021 rows carry number 166 here.
    assert "Criminal Code of the Kyrgyz Republic of 28 October 2021 No. 127" in html


def test_russian_page_uses_russian_labels(personas, client_for):
    html = (
        client_for(personas[Role.PROSECUTOR])
        .get("/ru/work/law/kg/criminal/article/166/")
        .content.decode()
    )
    assert "Торговля людьми" in html
    assert "спорно: два прочтения" in html


def test_review_list_shows_every_unverified_and_disputed_row(personas, client_for):
    html = client_for(personas[Role.SUPERVISOR]).get("/en/work/law/review/").content.decode()
    needing = selectors.rows_needing_review()
    assert len(needing) > 40
    for row in needing:
        assert f"/en/work/law/review/row/{row.key}/" in html
    verified_clean = [r for r in selectors.law_rows() if not r.needs_review]
    assert verified_clean
    for row in verified_clean:
        assert f"/review/row/{row.key}/" not in html
    assert "Only people holding the legal-reviewer permission can record a review." in html


def _reviewer(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="knowledge", codename="review_law")
    )
    return user


def test_posting_a_review_without_permission_is_refused(personas, client_for):
    key = _row("kg-criminal-2021", "166", "seed").key
    response = client_for(personas[Role.PROSECUTOR]).post(
        f"/en/work/law/review/row/{key}/",
        {"source": "https://cbd.minjust.gov.kg/x", "reviewed_on": "2026-01-10"},
    )
    assert response.status_code == 403
    assert RowReview.objects.count() == 0


def test_reviewer_records_review_and_pages_show_it_beside_the_tag(personas, client_for):
    user = _reviewer(personas[Role.PROSECUTOR])
    client = client_for(user)
    key = _row("kg-criminal-2021", "166", "seed").key
    form = client.get(f"/en/work/law/review/row/{key}/").content.decode()
    assert "Mark this row as verified" in form
    response = client.post(
        f"/en/work/law/review/row/{key}/",
        {"source": "https://cbd.minjust.gov.kg/112309", "reviewed_on": "2026-01-10", "note": ""},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="knowledge.row.verify", actor=user).count() == 1
    html = client.get("/en/work/law/kg/criminal/article/166/").content.decode()
    assert f"Verified by {user.full_name} on 2026-01-10 from" in html
    assert 'href="https://cbd.minjust.gov.kg/112309"' in html
    # The file's own tag stays visible: the data file is the source of truth.
    assert "tag in the file: <code>seed</code>" in html
    review_list = client.get("/en/work/law/review/").content.decode()
    assert "Reviewed in Azat, data file not yet corrected (1 row)" in review_list


def test_review_form_errors_name_the_field_and_keep_input(personas, client_for):
    client = client_for(_reviewer(personas[Role.ANALYST]))
    key = _row("kg-criminal-2021", "166", "seed").key
    response = client.post(
        f"/en/work/law/review/row/{key}/",
        {"source": "not a web address", "reviewed_on": "2999-01-01", "note": "kept text"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"source"}
    assert "kept text" in response.content.decode()
    assert RowReview.objects.count() == 0


def test_review_of_an_earlier_version_is_flagged(personas, client_for):
    user = _reviewer(personas[Role.ANALYST])
    row = _row("kg-criminal-2021", "166", "seed")
    RowReview.objects.create(
        row_key=row.key,
        row_digest="0" * 16,
        reviewed_by=user,
        source="https://example.org/",
        reviewed_on=dt.date(2025, 1, 1),
    )
    html = client_for(user).get("/en/work/law/kg/criminal/article/166/").content.decode()
    assert "but the row has changed in the file since; it needs a new review." in html


# ---------------------------------------------------------------------------- qualification


def _facts(**extra):
    data = {
        "events-TOTAL_FORMS": "4",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "30",
        "events-0-country": "KG",
        "events-0-date": "2024-03-01",
        "events-0-stage": "recruitment",
        "events-1-country": "ru",
        "events-1-date": "2024-04-01",
        "events-1-stage": "exploitation",
        "means": ["MEANS_DECEPTION"],
        "purposes": ["PURP_FORCED_LABOUR"],
        "victim_exposed_to": ["EXP_ILLEGAL_BORDER_CROSSING"],
        "action": "qualify",
    }
    data.update(extra)
    return data


def test_prosecutor_opens_the_qualification_form(personas, client_for):
    html = client_for(personas[Role.PROSECUTOR]).get("/en/work/law/qualify/").content.decode()
    assert "Facts of the case" in html
    assert "abuse of a position of vulnerability" in html  # id labels from ids.toml
    ru = client_for(personas[Role.PROSECUTOR]).get("/ru/work/law/qualify/").content.decode()
    assert "использование уязвимого положения" in ru


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ANALYST, Role.OPERATOR])
def test_only_prosecutors_qualify(role, personas, client_for):
    client = client_for(personas[role])
    assert client.get("/en/work/law/qualify/").status_code == 404
    assert client.post("/en/work/law/qualify/memo/", _facts(country="KG")).status_code == 404


def test_qualification_shows_articles_per_jurisdiction(personas, client_for):
    response = client_for(personas[Role.PROSECUTOR]).post("/en/work/law/qualify/", _facts())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kyrgyzstan" in html
    assert "Art. 166 part 1 — Trafficking in persons" in html
    assert 'class="badge badge-danger">disputed: two readings<' in html
    assert "event on 2024-03-01: recruitment" in html  # a "because" fact in words
    # Russia is named as outside the knowledge base, with no articles.
    assert "Outside the knowledge base" in html
    assert "<strong>Russia</strong>" in html
    # Victim exposure: the border crossing article and the non-punishment rule, with badges.
    assert "Illegal crossing of the State border" in html
    assert "Victims are released from criminal liability" in html
    assert "Printable memo" in html
    # The facts stay in the form for the next run.
    assert 'value="KG"' in html
    assert re.search(r'value="MEANS_DECEPTION"[^>]*checked', html)


def test_no_non_punishment_provision_is_said_so(personas, client_for):
    data = _facts(**{"events-0-date": "2020-03-01", "events-1-date": "2020-04-01"})
    html = client_for(personas[Role.PROSECUTOR]).post("/en/work/law/qualify/", data)
    text = html.content.decode()
    assert "Criminal Code of the Kyrgyz Republic" in text and "2019-01-01" in text
    assert "No provision known" in text


def test_code_change_note_is_shown_for_events_straddling_a_new_code(personas, client_for):
    data = _facts(
        **{
            "events-1-country": "KG",
            "events-1-date": "2022-01-10",
            "events-0-date": "2021-06-01",
        }
    )
    html = client_for(personas[Role.PROSECUTOR]).post("/en/work/law/qualify/", data)
    assert "fall under more than one version of the law" in html.content.decode()


def test_bad_facts_give_errors_on_the_field_and_keep_input(personas, client_for):
    client = client_for(personas[Role.PROSECUTOR])
    data = _facts(**{"events-1-country": "Russia", "victim_age": "15"})
    data["aggravating"] = ["AGG_PREGNANT", "AGG_MINOR"]
    response = client.post("/en/work/law/qualify/", data)
    assert response.status_code == 200
    assert response.context["result"] is None
    events = response.context["events"]
    assert events.forms[1].errors == {"country": ["Enter a two-letter country code, e.g. KG."]}
    assert response.context["form"].errors == {}
    assert 'value="Russia"' in response.content.decode()

    response = client.post(
        "/en/work/law/qualify/",
        {**_facts(victim_age="30"), "aggravating": ["AGG_MINOR"]},
    )
    assert list(response.context["form"].errors) == ["aggravating"]
    assert "does not fit the victim&#x27;s age of 30" in response.content.decode()


def test_no_events_is_an_error_naming_the_events(personas, client_for):
    data = _facts()
    for key in list(data):
        if key.startswith("events-") and key[7].isdigit():
            data[key] = ""
    response = client_for(personas[Role.PROSECUTOR]).post("/en/work/law/qualify/", data)
    assert response.context["events"].non_form_errors() == [
        "Add at least one event: the country, the date and the stage."
    ]


def test_more_rows_keeps_what_was_typed(personas, client_for):
    response = client_for(personas[Role.PROSECUTOR]).post(
        "/en/work/law/qualify/", _facts(action="more")
    )
    assert len(response.context["events"].forms) == 6
    html = response.content.decode()
    assert 'value="KG"' in html and 'value="2024-03-01"' in html
    assert response.context["result"] is None


def test_memo_lists_articles_and_facts_to_prove(personas, client_for):
    client = client_for(personas[Role.PROSECUTOR])
    transit = {
        "events-2-country": "KZ",
        "events-2-date": "2024-03-15",
        "events-2-stage": "transit",
        "country": "KZ",
    }
    response = client.post("/en/work/law/qualify/memo/", _facts(**transit))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Legal qualification memo — Kazakhstan" in html
    assert "Facts to prove" in html
    assert "Means (which ones the article needs is not on file)" in html
    # Art. 128 lists several acts: transportation is stated, the others are alternatives.
    assert (
        '<tr class="element-stated"><td>One of the acts</td><td>transportation</td>'
        '<td><span class="badge badge-ok">stated</span>' in html
    )
    assert "Alternatives, not needed once the above is proved:" in html
    assert 'class="badge badge-ok">stated<' in html
    assert "knowledge/knowledge.js" in html
    assert client.get("/en/work/law/qualify/memo/").status_code == 405


def test_memo_for_a_country_without_qualification_goes_back_to_the_form(personas, client_for):
    response = client_for(personas[Role.PROSECUTOR]).post(
        "/en/work/law/qualify/memo/", _facts(country="RU")
    )
    assert response.status_code == 200
    assert "There is no qualification for this country to print." in response.content.decode()


def test_navigation_offers_the_law_to_readers_only(personas, client_for):
    html = client_for(personas[Role.PROSECUTOR]).get("/en/work/").content.decode()
    assert 'href="/en/work/law/"' in html and 'href="/en/work/law/qualify/"' in html
    html = client_for(personas[Role.ANALYST]).get("/en/work/").content.decode()
    assert 'href="/en/work/law/"' in html and 'href="/en/work/law/qualify/"' not in html
    html = client_for(personas[Role.OPERATOR]).get("/en/work/").content.decode()
    assert 'href="/en/work/law/"' not in html
