"""Case-management benchmark (issue: victim case management, "Speed").

Loads 100,000 cases (with their persons and names), 150,000 referrals and 150,000 trafficking
events into a PostgreSQL database of its own, then measures p50/p95 latency of four pages through
the whole Django stack (middleware, sessions, MFA gate, audit writes, templates) beside a minimal
signed-in view (bench/urls.py: same middleware and role gate, a few bytes of output) measured the
same way, and reports the ratio of the p95s.

    python -m bench.cases_bench [--reuse] [--requests 200] [--paired]

``--paired`` also measures each page in turn with the minimal view, request by request, and
reports the ratios of the paired p50s and p95s: the phases above are measured minutes apart, and
on a shared machine the minimal view's p95 alone moved between 16 and 46 ms from run to run.

Requests go through Django's test client in this process (no socket, no WSGI server), so the
figures are the application's own cost; a real deployment adds network and server time to both the
pages and the minimal view.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

DB_NAME = "azat_bench"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
CASES = 100_000
REFERRALS = 150_000
EVENTS = 150_000
ORGS = 20
BATCH = 5_000
MINIMAL = "/bench/minimal/"


def _create_database(reuse: bool) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if exists and not reuse:
            conn.execute(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def _setup_django() -> None:
    os.environ["DATABASE_URL"] = DB_URL
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "bench.urls"


def _load() -> dict[str, object]:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from azat.accounts.models import Membership, Organisation, User
    from azat.accounts.roles import OrgType, Role
    from azat.cases.models import Case, NameKind, Person, PersonName, TraffickingEvent
    from azat.core.lookup import name_hash
    from azat.referrals.models import Provider, Referral

    rng = random.Random(7)
    given = [
        "Aigul",
        "Zhyldyz",
        "Nurlan",
        "Dilnoza",
        "Rustam",
        "Gulnara",
        "Timur",
        "Malika",
        "Bakyt",
        "Shahnoza",
        "Farrukh",
        "Aizhan",
        "Ruslan",
        "Madina",
        "Azamat",
        "Saule",
    ]
    family = [
        "Akhmetova",
        "Toktogulova",
        "Rahmonov",
        "Karimova",
        "Yusupov",
        "Nazarova",
        "Abdullaev",
        "Ismailova",
        "Bekov",
        "Saidova",
        "Kadyrov",
        "Umarova",
    ]
    countries = ["KG", "KZ", "TJ", "UZ", "TM"]
    ngos, providers, caseworkers, provider_users = [], [], [], []
    for i in range(ORGS // 2):
        ngo = Organisation.objects.create(
            name=f"Bench NGO {i}", type=OrgType.NGO, country=countries[i % 5]
        )
        shelter = Organisation.objects.create(
            name=f"Bench Shelter {i}", type=OrgType.SHELTER, country=countries[i % 5]
        )
        Provider.objects.create(organisation=shelter, services=["shelter", "medical"])
        worker = User.objects.create_user(email=f"cw{i}@bench.invalid", password="bench password 1")
        keeper = User.objects.create_user(email=f"pr{i}@bench.invalid", password="bench password 1")
        Membership.objects.create(user=worker, organisation=ngo, role=Role.CASEWORKER)
        Membership.objects.create(user=keeper, organisation=shelter, role=Role.PROVIDER)
        for user in (worker, keeper):
            TOTP.activate(user, generate_totp_secret())
        ngos.append(ngo)
        providers.append(shelter)
        caseworkers.append(worker)
        provider_users.append(keeper)

    today = dt.date(2026, 11, 1)
    for start in range(0, CASES, BATCH):
        size = min(BATCH, CASES - start)
        orgs = [ngos[(start + k) % len(ngos)] for k in range(size)]
        names = [(rng.choice(given), rng.choice(family)) for _ in range(size)]
        persons = Person.objects.bulk_create(
            Person(
                organisation=org,
                full_name_hash=name_hash(f"{g} {f}"),
                short_name_hash=name_hash(f"{g} {f}"),
                estimated_age=rng.randint(15, 55),
                citizenships=[org.country.code],
            )
            for org, (g, f) in zip(orgs, names, strict=True)
        )
        PersonName.objects.bulk_create(
            PersonName(
                person=p, kind=kind, value=value, value_hash=name_hash(value), script="latin"
            )
            for p, (g, f) in zip(persons, names, strict=True)
            for kind, value in ((NameKind.GIVEN, g), (NameKind.FAMILY, f))
        )
        Case.objects.bulk_create(
            Case(
                organisation=org,
                caseworker=caseworkers[ngos.index(org)],
                person=person,
                identified_on=today - dt.timedelta(days=rng.randint(0, 700)),
                notes="Synthetic benchmark case.",
            )
            for org, person in zip(orgs, persons, strict=True)
        )
        print(f"  cases {start + size:>7}/{CASES}", file=sys.stderr)
    case_rows = list(Case.objects.values_list("pk", "organisation_id"))
    for start in range(0, REFERRALS, BATCH):
        size = min(BATCH, REFERRALS - start)
        picks = [case_rows[rng.randrange(len(case_rows))] for _ in range(size)]
        Referral.objects.bulk_create(
            Referral(
                case_id=case_pk,
                sender_id=org_pk,
                receiver=providers[rng.randrange(len(providers))],
                services=["shelter"],
                state=rng.choice(["sent", "accepted", "in_progress", "completed", "declined"]),
                due_on=today + dt.timedelta(days=rng.randint(-30, 30)),
            )
            for case_pk, org_pk in picks
        )
        print(f"  referrals {start + size:>7}/{REFERRALS}", file=sys.stderr)
    for start in range(0, EVENTS, BATCH):
        size = min(BATCH, EVENTS - start)
        TraffickingEvent.objects.bulk_create(
            TraffickingEvent(
                case_id=case_rows[rng.randrange(len(case_rows))][0],
                kind=rng.choice(["recruitment", "transit", "exploitation"]),
                country=rng.choice(["KG", "KZ", "RU", "TR", "AE"]),
                date_from=today - dt.timedelta(days=rng.randint(30, 900)),
            )
            for _ in range(size)
        )
        print(f"  events {start + size:>7}/{EVENTS}", file=sys.stderr)
    return {}


def _timed(client, method: str, path: str, data: dict | None = None) -> float:
    start = time.perf_counter()
    response = client.post(path, data) if method == "POST" else client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{method} {path} answered {response.status_code}")
    return elapsed


def _measure(client, method: str, path: str, n: int, data: dict | None = None) -> list[float]:
    timings = [_timed(client, method, path, data) for _ in range(n + 10)]
    return sorted(timings[10:])  # the first ten warm up


def _measure_paired(
    client, method: str, path: str, n: int, data: dict | None = None
) -> tuple[list[float], list[float]]:
    """The page and the minimal view in turn, request by request, with the same client: both
    see the same state of the machine, which on a shared machine drifts between phases."""
    page, minimal = [], []
    for i in range(n + 10):
        base = _timed(client, "GET", MINIMAL)
        timing = _timed(client, method, path, data)
        if i >= 10:
            minimal.append(base)
            page.append(timing)
    return sorted(page), sorted(minimal)


def _p95(timings: list[float]) -> float:
    return timings[int(len(timings) * 0.95)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded database")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--paired",
        action="store_true",
        help="also measure each page in turn with the minimal view and report the paired ratios",
    )
    args = parser.parse_args()
    _create_database(args.reuse)
    _setup_django()
    from django.core.management import call_command
    from django.test import Client

    from azat.accounts.models import User
    from azat.cases.models import Case

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not Case.objects.exists():
        _load()
    load_seconds = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum keeps up on any production server (it is off on this machine's
        # PostgreSQL): planner statistics, and the visibility map that lets counts and lookups
        # answer from an index without visiting every row.
        cursor.execute("VACUUM (ANALYZE)")
    caseworker = User.objects.get(email="cw0@bench.invalid")
    provider = User.objects.get(email="pr0@bench.invalid")
    own_cases = list(
        Case.objects.filter(organisation__memberships__user=caseworker).values_list(
            "pk", flat=True
        )[:500]
    )
    cw_client, pr_client = Client(), Client()
    cw_client.force_login(caseworker)
    pr_client.force_login(provider)
    rng = random.Random(3)
    n = args.requests
    # page -> (client, method, path, data)
    pages = {
        "caseworker's case list": (cw_client, "GET", "/en/work/cases/", None),
        "case page": (cw_client, "GET", f"/en/work/cases/{rng.choice(own_cases)}/", None),
        "provider's referral queue": (pr_client, "GET", "/en/work/referrals/", None),
        "name lookup": (
            cw_client,
            "POST",
            "/en/work/cases/persons/search/",
            {"name": "Жылдыз Ахметова"},
        ),
    }
    rows = {"minimal signed-in view": _measure(cw_client, "GET", MINIMAL, n)}
    for name, (client, method, path, data) in pages.items():
        rows[name] = _measure(client, method, path, n, data)
    base_p95 = _p95(rows["minimal signed-in view"])
    report = []
    for name, timings in rows.items():
        p95 = _p95(timings)
        report.append(
            {
                "page": name,
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(p95, 1),
                "p95_ratio_to_minimal": round(p95 / base_p95, 1),
            }
        )
    print(f"Loaded in {load_seconds:.0f} s: {CASES} cases, {REFERRALS} referrals, {EVENTS} events")
    for row in report:
        print(
            f"{row['page']:<28} p50 {row['p50_ms']:>7} ms  p95 {row['p95_ms']:>7} ms  "
            f"×{row['p95_ratio_to_minimal']}"
        )
    if args.paired:
        print("Paired (each page in turn with the minimal view), page / minimal view:")
        for name, (client, method, path, data) in pages.items():
            page, minimal = _measure_paired(client, method, path, n, data)
            paired = {
                "p50_ms": round(statistics.median(page), 1),
                "p95_ms": round(_p95(page), 1),
                "minimal_p50_ms": round(statistics.median(minimal), 1),
                "minimal_p95_ms": round(_p95(minimal), 1),
                "p50_ratio": round(statistics.median(page) / statistics.median(minimal), 1),
                "p95_ratio": round(_p95(page) / _p95(minimal), 1),
            }
            next(row for row in report if row["page"] == name)["paired"] = paired
            print(
                f"{name:<28} p50 {paired['p50_ms']:>7} / {paired['minimal_p50_ms']:>5} ms "
                f"×{paired['p50_ratio']}  p95 {paired['p95_ms']:>7} / "
                f"{paired['minimal_p95_ms']:>5} ms ×{paired['p95_ratio']}"
            )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "cases.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
