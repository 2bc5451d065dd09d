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
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet, Subquery
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


_BASIS_ORDER = {"linked": 0, "candidate": 1, "hint": 2}


def _hint(person: Person, *, rejected_with: set[int]) -> Q:
    """Organisations with a person of the same whole name, given + family name or document
    number, by the keyed lookup hashes alone: available the moment a case is opened, before the
    next linkage run. A condition on organisations, so the notice's one read of organisations
    finds them too.

    Each way in is an uncorrelated subquery of organisation ids, answered once through its own
    hash index (a correlated EXISTS would read every person once per organisation). Persons a
    reviewer rejected as this person do not count."""
    own_numbers = (
        IdentityDocument.objects.filter(person_id=person.pk)
        .exclude(number_hash="")
        .values("number_hash")
    )
    documents = IdentityDocument.objects.filter(number_hash__in=own_numbers).exclude(
        person_id__in=rejected_with
    )
    hint = Q(pk__in=documents.values("person__organisation_id"))
    name_keys = {h for h in (person.full_name_hash, person.short_name_hash) if h}
    if name_keys:
        named = Person.objects.filter(
            Q(full_name_hash__in=name_keys) | Q(short_name_hash__in=name_keys)
        ).exclude(pk__in=rejected_with)
        hint |= Q(pk__in=named.order_by().values("organisation_id"))
    return hint


def _decisions_about(person: Person) -> tuple[set[int], set[int]]:
    """(confirmed with, rejected with): the other persons of this person's decisions in force."""
    confirmed: set[int] = set()
    rejected: set[int] = set()
    rows = (
        LinkDecision.objects.in_force()
        .filter(Q(left_id=person.pk) | Q(right_id=person.pk))
        .order_by()
        .values_list("left_id", "right_id", "verdict")
    )
    for left, right, verdict in rows:
        other = right if left == person.pk else left
        (confirmed if verdict == Verdict.CONFIRMED else rejected).add(other)
    return confirmed, rejected - confirmed


def _linked_persons(
    person: Person, confirmed_with: set[int], rejected_with: set[int]
) -> tuple[set[int], set[int], bool]:
    """(linked, candidate, seen): same cluster in the latest run or a confirmed decision; a pair
    of the latest run waiting for review; whether the latest run saw this person at all.
    Rejected pairs are neither."""
    linked = set(confirmed_with)
    candidate: set[int] = set()
    latest = _runs_newest_first().values("pk")[:1]
    place = list(
        PersonCluster.objects.filter(run_id=Subquery(latest), person_id=person.pk)
        .order_by()
        .values_list("run_id", "cluster_key")
    )
    if place:
        run_id = place[0][0]
        linked |= set(
            PersonCluster.objects.filter(run_id=run_id, cluster_key__in=[k for _, k in place])
            .exclude(person=person)
            .values_list("person_id", flat=True)
        )
        pairs = CandidateLink.objects.filter(run_id=run_id, state=LinkState.REVIEW).filter(
            Q(left=person) | Q(right=person)
        )
        for left, right in pairs.values_list("left_id", "right_id"):
            candidate.add(right if left == person.pk else left)
    return linked - rejected_with, candidate - linked - rejected_with, bool(place)


def known_elsewhere(*, person: Person, membership: Membership) -> list[KnownElsewhere]:
    """Other organisations that may know this person, for the person's own organisation only.

    The bare lookup-hash hint is for persons no linkage run has seen yet: once a run has
    compared the person on every field, a namesake it did not link is not raised again."""
    if membership.role not in NOTICE_ROLES or person.organisation_id != membership.organisation_id:
        return []
    confirmed_with, rejected_with = _decisions_about(person)
    linked, candidate, seen = _linked_persons(person, confirmed_with, rejected_with)
    basis_of: dict[int, str] = {}
    if linked or candidate:
        others = (
            Person.objects.filter(pk__in=linked | candidate)
            .exclude(organisation_id=person.organisation_id)
            .order_by()
            .values_list("pk", "organisation_id")
        )
        for pk, org_id in others:
            basis = "linked" if pk in linked else "candidate"
            current = basis_of.get(org_id)
            if current is None or _BASIS_ORDER[basis] < _BASIS_ORDER[current]:
                basis_of[org_id] = basis
    # One read of organisations: those named above, and, for a person no run has seen, those
    # the lookup hashes point to (the weakest basis: a stronger one found above stays).
    if seen and not basis_of:
        return []
    wanted = Q(pk__in=list(basis_of))
    if not seen:
        wanted |= _hint(person, rejected_with=rejected_with)
    organisations = list(
        Organisation.objects.filter(wanted)
        .exclude(pk=person.organisation_id)
        .select_related("provider_profile")
        .only("name", "country", "provider_profile__phone", "provider_profile__email")
        .order_by()
    )
    if not organisations:
        return []
    return _with_contacts(organisations, basis_of)


def _with_contacts(
    organisations: list[Organisation], basis_of: dict[int, str]
) -> list[KnownElsewhere]:
    supervisors: dict[int, list[Contact]] = defaultdict(list)
    memberships = (
        Membership.objects.active()
        .filter(organisation_id__in=[o.pk for o in organisations], role=Role.SUPERVISOR)
        .order_by("user__full_name", "user__email")
        .values_list("organisation_id", "user__full_name", "user__email")
    )
    for organisation_id, full_name, email in memberships:
        supervisors[organisation_id].append(Contact(full_name, email))
    notices = []
    for organisation in organisations:
        # No profile: not a service provider (the reverse one-to-one raises AttributeError).
        provider = getattr(organisation, "provider_profile", None)
        notices.append(
            KnownElsewhere(
                organisation=organisation,
                basis=basis_of.get(organisation.pk, "hint"),
                contacts=supervisors.get(organisation.pk, []),
                phone=provider.phone if provider else "",
                email=provider.email if provider else "",
            )
        )
    return sorted(notices, key=lambda n: (_BASIS_ORDER[n.basis], n.organisation.name))
