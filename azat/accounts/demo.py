"""Synthetic demo world for accounts: organisations of every type in the five countries, one user
per role, MFA pre-enrolled. Every name is marked [DEMO]; nothing here is real."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import OrgType, Role

DEMO_DOMAIN = "demo.azat.invalid"

ORGANISATIONS: list[tuple[str, str, str, str, str]] = [
    # key, name, type, country, region
    ("hotline_kg", "[DEMO] Safe Journey Hotline", OrgType.HOTLINE, "KG", "Bishkek"),
    ("ngo_kg", "[DEMO] Tunuk Support NGO", OrgType.NGO, "KG", "Osh"),
    ("shelter_kg", "[DEMO] Umut Shelter", OrgType.SHELTER, "KG", "Chuy"),
    ("iom_kz", "[DEMO] IOM Mission Almaty", OrgType.IOM, "KZ", "Almaty"),
    (
        "social_kz",
        "[DEMO] Social Protection Office Shymkent",
        OrgType.SOCIAL_PROTECTION,
        "KZ",
        "Turkistan",
    ),
    ("health_tj", "[DEMO] Dushanbe City Clinic", OrgType.HEALTH, "TJ", "Dushanbe"),
    ("legal_tj", "[DEMO] Huquq Legal Aid", OrgType.LEGAL, "TJ", "Khatlon"),
    ("police_uz", "[DEMO] Tashkent Police Anti-Trafficking Unit", OrgType.POLICE, "UZ", "Tashkent"),
    ("prosecutor_kg", "[DEMO] Bishkek Prosecutor's Office", OrgType.PROSECUTOR, "KG", "Bishkek"),
    ("court_uz", "[DEMO] Samarkand Regional Court", OrgType.COURT, "UZ", "Samarkand"),
    ("embassy_tm", "[DEMO] Consulate in Ashgabat", OrgType.EMBASSY, "TM", "Ashgabat"),
    ("other_tm", "[DEMO] Mary Women's Council", OrgType.OTHER, "TM", "Mary"),
]

LANGUAGES = {
    "KG": ["ky", "ru"],
    "KZ": ["kk", "ru"],
    "TJ": ["tg", "ru"],
    "UZ": ["uz", "ru"],
    "TM": ["tk", "ru"],
}

USERS: list[tuple[str, str, str, str]] = [
    # email local part, full name, role, organisation key
    ("operator", "Aibek Operator [DEMO]", Role.OPERATOR, "hotline_kg"),
    ("caseworker", "Nazira Caseworker [DEMO]", Role.CASEWORKER, "ngo_kg"),
    ("supervisor", "Gulnara Supervisor [DEMO]", Role.SUPERVISOR, "ngo_kg"),
    ("shelter", "Cholpon Shelter [DEMO]", Role.PROVIDER, "shelter_kg"),
    ("prosecutor", "Timur Prosecutor [DEMO]", Role.PROSECUTOR, "prosecutor_kg"),
    ("analyst", "Dilnoza Analyst [DEMO]", Role.ANALYST, "iom_kz"),
    ("orgadmin", "Marat Org-Admin [DEMO]", Role.ORG_ADMIN, "ngo_kg"),
    ("sysadmin", "Saule Sys-Admin [DEMO]", Role.SYS_ADMIN, "iom_kz"),
    ("iomcaseworker", "Ruslan IOM Caseworker [DEMO]", Role.CASEWORKER, "iom_kz"),
]


@dataclass
class DemoLogin:
    email: str
    password: str
    role: str
    organisation: str
    totp_secret: str


def demo_password(local: str) -> str:
    return f"azat-demo-{local}-2026"


def demo_totp_secret(local: str) -> str:
    """Stable per demo user, so `make run` twice prints the same secret. Demo only."""
    digest = hashlib.sha256(f"azat-demo-totp:{local}".encode()).digest()[:20]
    return base64.b32encode(digest).decode("ascii")


def populate(world: dict[str, object]) -> list[DemoLogin]:
    organisations: dict[str, Organisation] = {}
    for key, name, type_, country, region in ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            name=name,
            country=country,
            defaults={"type": type_, "region": region, "languages": LANGUAGES[country]},
        )
        organisations[key] = org
    world["organisations"] = organisations
    logins = []
    users: dict[str, User] = {}
    for local, full_name, role, org_key in USERS:
        email = f"{local}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=demo_password(local), full_name=full_name
            )
        Membership.objects.get_or_create(user=user, organisation=organisations[org_key], role=role)
        secret = demo_totp_secret(local)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, secret)
            RecoveryCodes.activate(user)
        users[local] = user
        logins.append(
            DemoLogin(
                email,
                demo_password(local),
                str(Role(role).label),
                organisations[org_key].name,
                secret,
            )
        )
    world["users"] = users
    return logins
