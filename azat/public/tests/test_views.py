"""The public site through HTTP: every page in every language, no cookie, no trace, small pages."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from azat.public import data_strings
from azat.public.make_data_strings import data_strings as current_data_strings
from azat.public.make_data_strings import render as render_data_strings

LANGS = [code for code, _name in settings.LANGUAGES]
PAGES = [
    "public:home",
    "public:what_is",
    "public:job_check",
    "public:safety_plan",
    "public:help",
    "public:someone_in_trouble",
    "public:after_return",
]
SAFE = {
    "job_details": "yes_in_detail",
    "travel_costs": "i_pay",
    "written_contract": "yes_can_read",
    "passport_kept": "no",
    "work_papers": "work_visa_or_permit",
    "agency_licensed": "yes",
    "pay_level": "normal",
    "offer_channel": "state_or_licensed",
    "upfront_fee": "no",
    "workplace_address": "yes",
    "travel_documents": "myself_official",
    "free_movement": "no",
}
# Values chosen so that each can be searched for in the logs without matching anything else.
DISTINCT = {**SAFE, "offer_channel": "social_media", "travel_documents": "false_or_other_name"}
PAGE_BUDGET = 150 * 1024


def url(name: str, lang: str) -> str:
    with translation.override(lang):
        return reverse(name)


def all_row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (names from the db)
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_answers_in_every_language_without_a_cookie(client, name, lang):
    response = client.get(url(name, lang))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    assert f'<html lang="{lang}">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_pages_link_to_the_same_page_in_every_other_language(client, lang):
    html = client.get(url("public:help", lang)).content.decode()
    for other in LANGS:
        assert f'href="/{other}/help/" lang="{other}"' in html


@pytest.mark.django_db
def test_root_sends_the_browser_to_its_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ky,ru;q=0.8")
    assert response.status_code == 302
    assert response["Location"] == "/ky/"
    assert not response.cookies


@pytest.mark.django_db
def test_every_page_has_the_quick_exit_link_first(client):
    for name in PAGES:
        html = client.get(url(name, "ru")).content.decode()
        body = html.split("<body>", 1)[1]
        first_link = re.search(r"<a [^>]*>", body)
        assert first_link is not None
        assert 'id="quick-exit"' in first_link.group(0), name
        assert 'href="https://' in first_link.group(0), name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "level"),
    [
        (SAFE, "low"),
        ({**SAFE, "pay_level": "much_higher"}, "caution"),
        ({**SAFE, "passport_kept": "yes"}, "high"),
    ],
)
def test_job_check_gives_the_level_without_setting_a_cookie(client, answers, level):
    response = client.post(url("public:job_check", "en"), answers)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert f'data-level="{level}"' in response.content.decode()


@pytest.mark.django_db
def test_job_check_result_is_translated(client):
    response = client.post(url("public:job_check", "ru"), {**SAFE, "passport_kept": "yes"})
    html = response.content.decode()
    assert 'data-level="high"' in html
    with translation.override("ru"):
        high = translation.pgettext("public site", "High risk")
        assert high != "High risk"
        assert high in html


@pytest.mark.django_db(transaction=True)
def test_job_check_leaves_no_row_and_no_log_line(client, caplog):
    before = all_row_counts()
    with caplog.at_level(logging.DEBUG):
        response = client.post(url("public:job_check", "en"), DISTINCT)
        client.post(url("public:job_check", "en"), {"offer_channel": "social_media"})
    assert response.status_code == 200
    assert 'data-level="high"' in response.content.decode()
    assert all_row_counts() == before
    logged = "\n".join([record.getMessage() for record in caplog.records] + [caplog.text])
    for value in ("social_media", "false_or_other_name", "myself_official"):
        assert value not in logged


@pytest.mark.django_db
def test_missing_answers_are_named_and_other_answers_kept(client):
    answers = {k: v for k, v in SAFE.items() if k not in {"pay_level", "free_movement"}}
    response = client.post(url("public:job_check", "en"), answers)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please answer these questions:" in html
    question = "Is the pay much higher than others get for this work?"
    assert f'<a href="#q-pay_level">{question}</a>' in html
    assert '<a href="#q-free_movement">' in html
    assert '<a href="#q-job_details">' not in html
    assert 'value="yes_in_detail" checked' in html
    assert "data-level" not in html


@pytest.mark.django_db
def test_tampered_answer_is_named_and_nothing_breaks(client):
    response = client.post(
        url("public:job_check", "en"), {**SAFE, "passport_kept": "<script>x</script>"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "These answers were not one of the choices" in html
    assert '<a href="#q-passport_kept">Will the employer or agent keep your passport?</a>' in html
    assert "<script>x</script>" not in html
    assert 'value="i_pay" checked' in html


@pytest.mark.django_db
def test_job_check_in_kyrgyz_names_missing_question_in_kyrgyz(client):
    response = client.post(url("public:job_check", "ky"), {})
    html = response.content.decode()
    with translation.override("ky"):
        question = translation.pgettext("public site", "Do you know exactly what work you will do?")
    assert question != "Do you know exactly what work you will do?"
    assert f'<a href="#q-job_details">{question}</a>' in html


@pytest.mark.django_db
def test_safety_plan_downloads_as_plain_text(client):
    response = client.get(url("public:safety_plan_text", "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="safety-plan.txt"'
    text = response.content.decode()
    assert "[ ] Agree a secret word with your family." in text
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_help_page_marks_unconfirmed_numbers_and_empty_countries(client):
    html = client.get(url("public:help", "en")).content.decode()
    kz = html.split('id="country-KZ"', 1)[1].split("</section>", 1)[0]
    assert "Call 111" in kz
    assert "Not yet confirmed — check before relying on it." in kz
    assert "Checked against a source." not in kz
    assert "We do not have a checked contact in this country yet." in kz
    kg = html.split('id="country-KG"', 1)[1].split("</section>", 1)[0]
    assert "Call 1899" in kg and "Checked against a source." in kg
    assert "0800 0000 189" not in html  # publish = false
    ru = html.split('id="country-RU"', 1)[1].split("</section>", 1)[0]
    assert "We do not have a checked contact in this country yet." in ru
    assert "Call " not in ru


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_page_weight_with_its_assets_is_under_budget(client, name):
    for lang in LANGS:
        html = client.get(url(name, lang)).content
        assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
        total = len(html)
        for asset in set(assets):
            path = finders.find(asset.decode().removeprefix(settings.STATIC_URL))
            assert path, asset
            total += Path(path).stat().st_size
        assert total < PAGE_BUDGET, (name, lang, total)
        external = re.findall(rb'<(?:script|link|img)[^>]+(?:src|href)="https?://', html)
        assert external == [], (name, lang)


def test_data_strings_module_is_up_to_date():
    """Run ``python -m azat.public.make_data_strings`` when this fails."""
    assert Path(data_strings.__file__).read_text(encoding="utf-8") == render_data_strings()


@pytest.mark.parametrize("lang", [code for code in LANGS if code != "en"])
def test_every_text_of_this_site_is_translated(lang):
    """Each msgid of the app's catalogue has a translation (compiled from a complete .po)."""
    po = Path(apps.get_app_config("public").path) / "locale" / lang / "LC_MESSAGES" / "django.po"
    content = po.read_text(encoding="utf-8")
    assert "#, fuzzy" not in content.split("\n\n", 1)[1]
    assert not re.search(r'\nmsgstr ""\n\n', content.split("\n\n", 1)[1] + "\n")
    same_everywhere = {"CABAR 2021"}  # the name of a source, not a sentence
    with translation.override(lang):
        for text in current_data_strings():
            if text not in same_everywhere:
                assert translation.pgettext("public site", text) != text, (lang, text)


@pytest.mark.parametrize("lang", LANGS)
def test_no_other_catalogue_overrides_this_sites_wording(lang):
    """Another app translating the same msgid ("Call", "Home") must not change this site's text."""
    import gettext as stdlib_gettext

    mo = Path(apps.get_app_config("public").path) / "locale" / lang / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        catalogue = stdlib_gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    entries = [(key.split("\x04", 1)[1], text) for key, text in catalogue.items() if "\x04" in key]
    assert len(entries) > 250
    with translation.override(lang):
        for msgid, msgstr in entries:
            assert translation.pgettext("public site", msgid) == msgstr, (lang, msgid)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_head_requests_are_answered(client, name):
    response = client.head(url(name, "ru"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
