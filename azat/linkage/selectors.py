"""Reads for linkage: runs, the review queue, side-by-side pairs, decisions, clusters and the
"may already be known to another organisation" notice.

Who sees what (docs/adr/0006-linkage-review.md): system administrators and supervisors see runs
(counts only); a supervisor reviews pairs in which at least one person belongs to their
organisation and sees the other organisation's record only as comparison outcomes; caseworkers
and supervisors see, on their own person's pages, which other organisations may know the person
and how to reach them. Everyone else gets the same not-found as for a missing record.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from azat.accounts.models import Membership, Organisation, User
from azat.accounts.roles import Role
from azat.cases.models import Gender, IdentityDocument, NameKind, Person, PersonName
from azat.core.gates import get_visible_or_404
from azat.linkage import outcomes
from azat.linkage.models import (
    CandidateLink,
    LinkDecision,
    LinkRun,
    LinkState,
    PersonCluster,
    RunStatus,
    Verdict,
)
from azat.linkage.records import Record

RUN_ROLES = frozenset({Role.SYS_ADMIN, Role.SUPERVISOR})
REVIEW_ROLES = frozenset({Role.SUPERVISOR})
NOTICE_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})

_SEX = {Gender.FEMININE: "f", Gender.MASCULINE: "m"}
# Name kinds a person is linked on. Aliases and nicknames are left out: "Айка" or "Kolya" says
# too little and would join strangers.
_NAME_KINDS = (NameKind.GIVEN, NameKind.FAMILY, NameKind.PATRONYMIC)
_WHOLE_NAME_KINDS = (NameKind.DOCUMENT, NameKind.OTHER_SPELLING)


# --- records for the engine --------------------------------------------------------------------


def person_record_id(person_id: int) -> str:
    return f"p{person_id}"


def person_of_record(record_id: str) -> int:
    """ "p12" and its variants "p12.n1", "p12.d2" all belong to person 12."""
    return int(record_id[1:].split(".", 1)[0])


def _birth(person: Person) -> str:
    if person.birth_date is not None:
        return person.birth_date.isoformat()
    if person.estimated_age is not None:
        on = person.age_estimated_on or person.created_at.date()
        return f"{on.year - person.estimated_age:04d}"
    return ""


def _split_whole(value: str) -> tuple[str, str]:
    """A whole name typed in one box (a passport line, another spelling): first word as given
    name, last as family name. The engine compares names crosswise too, so the order of a
    passport ("AKHMETOVA ZHYLDYZ") does not matter."""
    words = value.split()
    if len(words) < 2:
        return value, ""
    return words[0], words[-1]


def records_of(person: Person) -> list[Record]:
    """One primary record per person (first given, family and patronymic as entered, first
    document number) and one variant record for each further name spelling or document number,
    each differing from the primary in that one field. Variants are must-linked to the primary,
    so a person is never split, and a spelling known to any organisation can meet its match."""
    names = list(person.names.all())
    first: dict[str, str] = {}
    for name in names:
        if name.kind in _NAME_KINDS:
            first.setdefault(name.kind, name.value)
    numbers = [d.number for d in person.documents.all() if d.number.strip()]
    primary = Record(
        record_id=person_record_id(person.pk),
        given_name=first.get(NameKind.GIVEN, ""),
        family_name=first.get(NameKind.FAMILY, ""),
        patronymic=first.get(NameKind.PATRONYMIC, ""),
        birth_date=_birth(person),
        sex=_SEX.get(person.gender, ""),  # type: ignore[call-overload]
        document_number=numbers[0] if numbers else "",
        place=str(person.citizenships[0]) if person.citizenships else "",
        source=str(person.organisation_id),
    )
    if not (primary.given_name or primary.family_name):
        whole = next((n.value for n in names if n.kind in _WHOLE_NAME_KINDS), "")
        given, family = _split_whole(whole)
        primary = _replace(primary, given_name=given, family_name=family)
    records = [primary]
    seen = {(primary.given_name, primary.family_name, primary.patronymic)}
    fields: dict[str, str] = {
        NameKind.GIVEN: "given_name",
        NameKind.FAMILY: "family_name",
        NameKind.PATRONYMIC: "patronymic",
    }
    for name in names:
        if name.kind in fields:
            variant = _replace(primary, **{fields[name.kind]: name.value})
        elif name.kind in _WHOLE_NAME_KINDS:
            given, family = _split_whole(name.value)
            variant = _replace(primary, given_name=given, family_name=family)
        else:
            continue
        key = (variant.given_name, variant.family_name, variant.patronymic)
        if key in seen:
            continue
        seen.add(key)
        records.append(_replace(variant, record_id=f"{primary.record_id}.n{name.pk}"))
    for index, number in enumerate(numbers[1:], start=1):
        records.append(
            _replace(primary, record_id=f"{primary.record_id}.d{index}", document_number=number)
        )
    return records


def _replace(record: Record, **changes: str) -> Record:
    return dataclasses.replace(record, **changes)


def persons_for_linkage() -> QuerySet[Person]:
    return Person.objects.order_by("pk").prefetch_related(
        Prefetch("names", queryset=PersonName.objects.order_by("id")),
        Prefetch("documents", queryset=IdentityDocument.objects.order_by("id")),
    )


@dataclass
class LinkageInput:
    records: list[Record]
    person_ids: list[int]
    must_link: list[tuple[str, str]]
    cannot_link: list[tuple[str, str]]


def linkage_input(persons: Iterable[Person] | None = None) -> LinkageInput:
    """Every person's records, with variants must-linked to their primary record and every
    decision in force as a must-link (confirmed) or cannot-link (rejected) pair."""
    records: list[Record] = []
    person_ids: list[int] = []
    must: list[tuple[str, str]] = []
    for person in persons if persons is not None else persons_for_linkage().iterator(500):
        person_records = records_of(person)
        person_ids.append(person.pk)
        records.extend(person_records)
        must.extend((person_records[0].record_id, r.record_id) for r in person_records[1:])
    confirmed, rejected = decision_pairs()
    known = set(person_ids)
    must.extend(
        (person_record_id(a), person_record_id(b))
        for a, b in confirmed
        if a in known and b in known
    )
    cannot = [
        (person_record_id(a), person_record_id(b)) for a, b in rejected if a in known and b in known
    ]
    return LinkageInput(records, person_ids, must, cannot)


def decision_pairs() -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(confirmed, rejected) person pairs of every decision in force."""
    confirmed: list[tuple[int, int]] = []
    rejected: list[tuple[int, int]] = []
    rows = LinkDecision.objects.in_force().values_list("left_id", "right_id", "verdict")
    for left, right, verdict in rows:
        (confirmed if verdict == Verdict.CONFIRMED else rejected).append((left, right))
    return confirmed, rejected


# --- runs --------------------------------------------------------------------------------------


def _runs_newest_first() -> QuerySet[LinkRun]:
    return LinkRun.objects.finished().order_by("-finished_at", "-id")


def latest_run() -> LinkRun | None:
    return _runs_newest_first().first()


def run_list(*, user: User, membership: Membership) -> QuerySet[LinkRun]:
    if membership.role not in RUN_ROLES:
        return LinkRun.objects.none()
    return LinkRun.objects.select_related("started_by", "organisation")


def run_get_for_user(*, user: User, membership: Membership, id: int) -> LinkRun:
    return get_visible_or_404(run_list(user=user, membership=membership), pk=id)


def active_run() -> LinkRun | None:
    return LinkRun.objects.active().order_by("-id").first()


# --- review ------------------------------------------------------------------------------------


def _own(membership: Membership) -> Q:
    org = membership.organisation_id
    return Q(left__organisation_id=org) | Q(right__organisation_id=org)


def _decided_pairs() -> set[tuple[int, int]]:
    return set(LinkDecision.objects.in_force().values_list("left_id", "right_id"))


def review_queue(*, user: User, membership: Membership) -> list[CandidateLink]:
    """Pairs of the latest run waiting for a reviewer of the membership's organisation,
    strongest first, without those already decided."""
    run = latest_run()
    if membership.role not in REVIEW_ROLES or run is None:
        return []
    links = (
        CandidateLink.objects.filter(run=run, state=LinkState.REVIEW)
        .filter(_own(membership))
        .select_related("left__organisation", "right__organisation")
        .order_by("-probability", "id")
    )
    decided = _decided_pairs()
    return [link for link in links if (link.left_id, link.right_id) not in decided]


def candidate_list(*, user: User, membership: Membership) -> QuerySet[CandidateLink]:
    if membership.role not in REVIEW_ROLES:
        return CandidateLink.objects.none()
    return CandidateLink.objects.filter(_own(membership)).select_related(
        "run", "left__organisation", "right__organisation"
    )


def candidate_get_for_user(*, user: User, membership: Membership, id: int) -> CandidateLink:
    return get_visible_or_404(candidate_list(user=user, membership=membership), pk=id)


def decision_list(*, user: User, membership: Membership) -> QuerySet[LinkDecision]:
    if membership.role not in REVIEW_ROLES:
        return LinkDecision.objects.none()
    return LinkDecision.objects.filter(_own(membership)).select_related(
        "left__organisation", "right__organisation", "decided_by", "reversed_by", "candidate"
    )


def decision_get_for_user(*, user: User, membership: Membership, id: int) -> LinkDecision:
    return get_visible_or_404(decision_list(user=user, membership=membership), pk=id)


def decision_for_pair(left_id: int, right_id: int) -> LinkDecision | None:
    a, b = sorted((left_id, right_id))
    return (
        LinkDecision.objects.in_force()
        .filter(left_id=a, right_id=b)
        .select_related("decided_by")
        .first()
    )


@dataclass(frozen=True)
class ShownRecord:
    """One side of a pair as the reviewer may see it: everything for a record of their own
    organisation, only the organisation's name for another's (``values`` is then empty)."""

    own: bool
    organisation: Organisation
    person_id: int | None
    names: list[tuple[str, str]] = field(default_factory=list)
    birth: str = ""
    sex: str = ""
    citizenship: str = ""
    documents: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PairView:
    link: CandidateLink
    first: ShownRecord
    second: ShownRecord
    outcomes: list[outcomes.FieldOutcome]
    decision: LinkDecision | None


def _shown(person: Person, own: bool) -> ShownRecord:
    if not own:
        return ShownRecord(own=False, organisation=person.organisation, person_id=None)
    birth = ""
    if person.birth_date is not None:
        birth = person.birth_date.isoformat()
    elif person.estimated_age is not None:
        # An estimate is said to be one, with what it was made from.
        birth = _("about %(year)s (age %(age)s estimated on %(date)s)") % {
            "year": _birth(person),
            "age": person.estimated_age,
            "date": date_format(person.age_estimated_on or person.created_at.date(), "j E Y"),
        }
    return ShownRecord(
        own=True,
        organisation=person.organisation,
        person_id=person.pk,
        names=[(n.get_kind_display(), n.value) for n in person.names.all()],
        birth=birth,
        sex=person.get_gender_display(),
        citizenship=", ".join(str(c.name) for c in person.citizenships),  # type: ignore[attr-defined]
        documents=[(d.get_type_display(), d.number) for d in person.documents.all()],
    )


def pair_view(*, link: CandidateLink, membership: Membership) -> PairView:
    """Both records side by side; the reviewer's own organisation's record first."""
    persons = {p.pk: p for p in persons_for_linkage().filter(pk__in=[link.left_id, link.right_id])}
    left, right = persons[link.left_id], persons[link.right_id]
    if right.organisation_id == membership.organisation_id != left.organisation_id:
        left, right = right, left
    org = membership.organisation_id
    return PairView(
        link=link,
        first=_shown(left, left.organisation_id == org),
        second=_shown(right, right.organisation_id == org),
        outcomes=outcomes.compare(records_of(left), records_of(right)),
        decision=decision_for_pair(link.left_id, link.right_id),
    )


# --- clusters ----------------------------------------------------------------------------------


def cluster_keys(run: LinkRun | None = None) -> dict[int, str]:
    """person id → cluster key in the latest finished run (persons added since are absent and
    count as their own cluster)."""
    run = run or latest_run()
    if run is None:
        return {}
    return dict(PersonCluster.objects.filter(run=run).values_list("person_id", "cluster_key"))


# --- "may already be known to" -----------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


@dataclass(frozen=True)
class KnownElsewhere:
    """Another organisation that may know the person, how sure we are, and how to reach it.
    Carries nothing of that organisation's record."""

    organisation: Organisation
    basis: str  # "linked" (cluster or decision) | "candidate" (waiting for review) | "hint"
    contacts: list[Contact]
    phone: str = ""
    email: str = ""


_BASES = ("linked", "candidate", "hint")  # strongest first: the index is the strength


@functools.cache
def _known_elsewhere_sql() -> str:
    """One statement for the whole notice, on SQLite and PostgreSQL alike.

    The same question asked through the ORM took four queries and, on the benchmark's case page,
    a fifth of the page's time, most of it in building the queries, not in running them
    (docs/adr/0007-hot-reads-without-the-orm.md). Table names come from the models.

    - ``decided``: the other persons of this person's decisions in force, each once, confirmed
      if any decision in force confirms it (a confirmation outweighs a rejection);
    - ``place``: the person's cluster in the latest finished run, if that run saw the person;
    - ``related``: persons linked to this one (confirmed, or in the same cluster: strength 0)
      and pairs of the latest run waiting for review (strength 1);
    - ``named``: those persons with their organisations and, only for a person the latest run
      has not seen, persons with the same whole name, given + family name or document number
      by the keyed lookup hashes (strength 2), available the moment a case is opened (a run
      compared everyone on every field, so a namesake it did not link is not raised again);
    - persons a reviewer rejected as this one count for nothing;
    - each organisation other than the person's own comes once, at its strongest basis, with
      its service phone and e-mail and its active supervisors (as ``Membership.active()``)."""
    decision = LinkDecision._meta.db_table
    run = LinkRun._meta.db_table
    cluster = PersonCluster._meta.db_table
    candidate = CandidateLink._meta.db_table
    person = Person._meta.db_table
    document = IdentityDocument._meta.db_table
    organisation = Organisation._meta.db_table
    provider = Organisation._meta.get_field("provider_profile").related_model._meta.db_table
    membership = Membership._meta.db_table
    user = User._meta.db_table
    # Only table names from the models are formatted in; every value is a parameter.
    return f"""
WITH decided AS (
    SELECT CASE WHEN d.left_id = %(person)s THEN d.right_id ELSE d.left_id END AS other,
           MAX(CASE WHEN d.verdict = %(confirmed)s THEN 1 ELSE 0 END) AS confirmed
    FROM {decision} d
    WHERE d.reversed_at IS NULL AND (d.left_id = %(person)s OR d.right_id = %(person)s)
    GROUP BY CASE WHEN d.left_id = %(person)s THEN d.right_id ELSE d.left_id END
),
rejected AS (SELECT other FROM decided WHERE confirmed = 0),
place AS (
    SELECT c.run_id, c.cluster_key FROM {cluster} c
    WHERE c.person_id = %(person)s AND c.run_id = (
        SELECT r.id FROM {run} r WHERE r.status = %(done)s
        ORDER BY r.finished_at DESC, r.id DESC LIMIT 1
    )
),
related AS (
    SELECT other AS person_id, 0 AS strength FROM decided WHERE confirmed = 1
    UNION ALL
    SELECT c.person_id, 0 FROM {cluster} c
    JOIN place ON c.run_id = place.run_id AND c.cluster_key = place.cluster_key
    WHERE c.person_id <> %(person)s
    UNION ALL
    SELECT CASE WHEN l.left_id = %(person)s THEN l.right_id ELSE l.left_id END, 1
    FROM {candidate} l JOIN place ON l.run_id = place.run_id
    WHERE l.state = %(review)s AND (l.left_id = %(person)s OR l.right_id = %(person)s)
),
named AS (
    SELECT p.id AS person_id, p.organisation_id, r.strength
    FROM related r JOIN {person} p ON p.id = r.person_id
    UNION ALL
    SELECT p.id, p.organisation_id, 2 FROM {person} p
    WHERE NOT EXISTS (SELECT 1 FROM place)
      AND (p.full_name_hash IN (%(full)s, %(short)s)
           OR p.short_name_hash IN (%(full)s, %(short)s))
    UNION ALL
    SELECT d.person_id, p.organisation_id, 2
    FROM {document} d JOIN {person} p ON p.id = d.person_id
    WHERE NOT EXISTS (SELECT 1 FROM place) AND d.number_hash IN (
        SELECT own.number_hash FROM {document} own
        WHERE own.person_id = %(person)s AND own.number_hash <> ''
    )
),
found AS (
    SELECT organisation_id, MIN(strength) AS strength FROM named
    WHERE person_id NOT IN (SELECT other FROM rejected) AND organisation_id <> %(organisation)s
    GROUP BY organisation_id
)
SELECT o.id, o.name, o.country, found.strength, pr.phone, pr.email, u.full_name, u.email
FROM found
JOIN {organisation} o ON o.id = found.organisation_id
LEFT JOIN {provider} pr ON pr.organisation_id = o.id
LEFT JOIN (
    {membership} m JOIN {user} u ON u.id = m.user_id AND u.is_active = %(true)s
) ON m.organisation_id = o.id AND m.role = %(supervisor)s AND m.is_active = %(true)s
     AND o.is_active = %(true)s
ORDER BY o.id, u.full_name, u.email
"""  # noqa: S608


def known_elsewhere(*, person: Person, membership: Membership) -> list[KnownElsewhere]:
    """Other organisations that may know this person, for the person's own organisation only,
    strongest basis first: what `_known_elsewhere_sql` says, in one read."""
    if membership.role not in NOTICE_ROLES or person.organisation_id != membership.organisation_id:
        return []
    params = {
        "person": person.pk,
        "organisation": person.organisation_id,
        # An empty hash is no name: NULL matches nothing.
        "full": person.full_name_hash or None,
        "short": person.short_name_hash or None,
        "confirmed": Verdict.CONFIRMED.value,
        "done": RunStatus.DONE.value,
        "review": LinkState.REVIEW.value,
        "supervisor": Role.SUPERVISOR.value,
        "true": True,
    }
    with connection.cursor() as cursor:
        cursor.execute(_known_elsewhere_sql(), params)
        rows = cursor.fetchall()
    notices: dict[int, KnownElsewhere] = {}
    for org_id, name, country, strength, phone, email, contact_name, contact_email in rows:
        notice = notices.get(org_id)
        if notice is None:
            notice = notices[org_id] = KnownElsewhere(
                organisation=Organisation(pk=org_id, name=name, country=country),
                basis=_BASES[strength],
                contacts=[],
                phone=phone or "",
                email=email or "",
            )
        if contact_email is not None:
            notice.contacts.append(Contact(contact_name, contact_email))
    return sorted(notices.values(), key=lambda n: (_BASES.index(n.basis), n.organisation.name))
