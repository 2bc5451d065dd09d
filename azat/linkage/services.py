"""Writes for linkage: start a run, execute it (the background task), decide on a pair, undo a
decision, recompute clusters.

Nothing here changes a person or a case: a run writes candidate pairs and cluster memberships,
a decision is a row of its own. Audit events carry ids, counts and codes only.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from azat.accounts.models import Membership, User
from azat.accounts.roles import Role
from azat.cases.models import Person
from azat.core.services import audit_record
from azat.linkage import selectors
from azat.linkage.models import (
    CandidateLink,
    LinkDecision,
    LinkRun,
    LinkState,
    PersonCluster,
    RunStatus,
    Verdict,
)

if TYPE_CHECKING:
    from azat.linkage.engine import Link, LinkResult

# Progress is written at most this often (seconds), and at every change of phase.
PROGRESS_INTERVAL = 0.5


def _run_membership(actor: User) -> Membership:
    membership = (
        Membership.objects.active()
        .filter(user=actor, role__in=selectors.RUN_ROLES)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise PermissionDenied(_("Only a system administrator or a supervisor starts linkage."))
    return membership


def _reviewer_of(actor: User, *persons: Person) -> Membership:
    """A supervisor of an organisation of one of the persons."""
    membership = (
        Membership.objects.active()
        .filter(
            user=actor,
            role=Role.SUPERVISOR,
            organisation_id__in={p.organisation_id for p in persons},
        )
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise PermissionDenied(_("Only a supervisor of one of the two organisations decides."))
    return membership


# --- runs --------------------------------------------------------------------------------------


@transaction.atomic
def linkage_run_start(
    *,
    actor: User,
    upper_threshold: float | None = None,
    lower_threshold: float | None = None,
) -> LinkRun:
    """Queue a run over every organisation's persons. The task row is written in the same
    transaction as the run, so a run is never left queued without a task to carry it out."""
    membership = _run_membership(actor)
    # One run at a time: a second would compete for the same two cores and its clusters would
    # race the first's.
    if LinkRun.objects.select_for_update().active().exists():
        raise ValidationError(_("A linkage run is already under way; wait for it to finish."))
    run = LinkRun(started_by=actor, organisation=membership.organisation)
    if upper_threshold is not None:
        run.upper_threshold = upper_threshold
    if lower_threshold is not None:
        run.lower_threshold = lower_threshold
    run.full_clean()
    run.save()
    audit_record(
        actor=actor,
        action="linkage.run.start",
        target=run,
        organisation=membership.organisation,
        detail={"upper": run.upper_threshold, "lower": run.lower_threshold},
    )
    from azat.linkage.tasks import linkage_run

    result = linkage_run.enqueue(run.pk)
    LinkRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


# Where each engine phase sits on the run's progress bar (start, end).
PHASES: dict[str, tuple[float, float]] = {
    "reading records": (0.0, 0.05),
    "prepare": (0.05, 0.1),
    "block": (0.1, 0.2),
    "train": (0.2, 0.6),
    "predict": (0.6, 0.88),
    "cluster": (0.88, 0.95),
    "storing results": (0.95, 1.0),
}


class _Progress:
    """The engine's progress callback (phase, fraction of that phase): writes the overall
    fraction and the phase to the run, at most every PROGRESS_INTERVAL seconds and at every
    change of phase."""

    def __init__(self, run_id: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.run_id = run_id
        self.clock = clock
        self.last_at = -math.inf
        self.last_phase = ""

    def __call__(self, phase: str, fraction: float) -> None:
        now = self.clock()
        if phase == self.last_phase and now - self.last_at < PROGRESS_INTERVAL:
            return
        self.last_at, self.last_phase = now, phase
        start, end = PHASES.get(phase, (0.0, 1.0))
        overall = start + (end - start) * max(0.0, min(1.0, float(fraction)))
        LinkRun.objects.filter(pk=self.run_id).update(progress=overall, phase=str(phase)[:80])


def _json_stats(stats: dict[str, Any]) -> dict[str, Any]:
    """Engine figures that are finite numbers or short words (never record values)."""

    def kept(value: Any) -> bool:
        if isinstance(value, float):
            return math.isfinite(value)
        if isinstance(value, str):
            return len(value) <= 80
        return isinstance(value, bool | int)

    return {str(key): value for key, value in stats.items() if kept(value)}


def _person_links(links: list[Link]) -> dict[tuple[int, int], Link]:
    """Best link per pair of distinct persons (variant records of one person are dropped)."""
    best: dict[tuple[int, int], Link] = {}
    for link in links:
        a = selectors.person_of_record(link.left)
        b = selectors.person_of_record(link.right)
        if a == b:
            continue
        pair = (min(a, b), max(a, b))
        if pair not in best or link.probability > best[pair].probability:
            best[pair] = link
    return best


def _finite(weight: float) -> float:
    """Splink gives an infinite weight to a certain pair; the database stores a large one."""
    return weight if math.isfinite(weight) else math.copysign(999.0, weight)


def _state(probability: float, run: LinkRun) -> str:
    if probability >= run.upper_threshold:
        return LinkState.AUTO
    if probability >= run.lower_threshold:
        return LinkState.REVIEW
    return LinkState.BELOW


def _drivers(link: Link) -> list[list[Any]]:
    return [[str(c), str(level), round(float(w), 3)] for c, level, w in link.drivers]


def linkage_run_execute(*, run_id: int) -> LinkRun:
    """Carry out a queued run (called by the background task). Progress is written as the
    engine reports it, outside any transaction so the run page sees it; the results are written
    in one transaction at the end. A failure marks the run failed with the kind of error only."""
    from azat.linkage import engine

    run = LinkRun.objects.select_related("started_by", "organisation").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run
    LinkRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())
    progress = _Progress(run.pk)
    try:
        progress("reading records", 0.0)
        data = selectors.linkage_input()
        result = engine.link(
            data.records,
            threshold=run.upper_threshold,
            min_probability=run.lower_threshold,
            must_link=data.must_link,
            cannot_link=data.cannot_link,
            progress=progress,
        )
        progress("storing results", 0.0)
        _store_results(run, data, result)
    except Exception as error:  # any failure ends the run visibly, with its kind only
        _fail(run, error)
    run.refresh_from_db()
    return run


@transaction.atomic
def _store_results(run: LinkRun, data: selectors.LinkageInput, result: LinkResult) -> None:
    pairs = _person_links(result.links)
    CandidateLink.objects.bulk_create(
        [
            CandidateLink(
                run=run,
                left_id=a,
                right_id=b,
                probability=link.probability,
                match_weight=_finite(link.match_weight),
                drivers=_drivers(link),
                state=_state(link.probability, run),
            )
            for (a, b), link in pairs.items()
        ],
        batch_size=1000,
    )
    clusters = _person_clusters(data.person_ids, result.clusters)
    PersonCluster.objects.bulk_create(
        [PersonCluster(run=run, person_id=p, cluster_key=k) for p, k in clusters.items()],
        batch_size=1000,
    )
    states = [_state(link.probability, run) for link in pairs.values()]
    LinkRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        finished_at=timezone.now(),
        progress=1.0,
        phase="done",
        person_count=len(data.person_ids),
        record_count=len(data.records),
        auto_count=states.count(LinkState.AUTO),
        review_count=states.count(LinkState.REVIEW),
        cluster_count=len(set(clusters.values())),
        engine_stats=_json_stats(dict(result.stats)),
    )
    run.refresh_from_db()
    audit_record(
        actor=run.started_by,
        action="linkage.run.finish",
        target=run,
        organisation=run.organisation,
        detail={
            "persons": run.person_count,
            "records": run.record_count,
            "auto": run.auto_count,
            "review": run.review_count,
            "clusters": run.cluster_count,
        },
    )


def _person_clusters(person_ids: list[int], clusters: dict[str, str]) -> dict[int, str]:
    """person → cluster key, from the primary record's cluster (a person not in the engine's
    answer is a cluster of its own)."""
    result = {}
    for person_id in person_ids:
        record_id = selectors.person_record_id(person_id)
        result[person_id] = str(clusters.get(record_id, record_id))[:64]
    return result


@transaction.atomic
@transaction.atomic
def _fail(run: LinkRun, error: Exception) -> None:
    kind = type(error).__name__
    LinkRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, finished_at=timezone.now(), error=kind[:200]
    )
    audit_record(
        actor=run.started_by,
        action="linkage.run.fail",
        target=run,
        organisation=run.organisation,
        detail={"error": kind},
    )


# --- clusters after a decision -----------------------------------------------------------------


def clusters_recompute(run: LinkRun | None = None) -> int:
    """Recompute the latest run's clusters from its candidate links and every decision in
    force, without running the model again. Returns the number of clusters."""
    from azat.linkage import engine

    run = run or selectors.latest_run()
    if run is None:
        return 0
    person_ids = list(PersonCluster.objects.filter(run=run).values_list("person_id", flat=True))
    known = set(person_ids)
    links = [
        engine.Link(
            left=selectors.person_record_id(left),
            right=selectors.person_record_id(right),
            probability=probability,
            match_weight=weight,
            drivers=(),
        )
        for left, right, probability, weight in CandidateLink.objects.filter(run=run).values_list(
            "left_id", "right_id", "probability", "match_weight"
        )
    ]
    confirmed, rejected = selectors.decision_pairs()

    def ids(pairs: list[tuple[int, int]]) -> list[tuple[str, str]]:
        return [
            (selectors.person_record_id(a), selectors.person_record_id(b))
            for a, b in pairs
            if a in known and b in known
        ]

    # The persons' primary records, so the clustering refuses the same conflicting joins (known
    # different sexes, birth dates no typo explains) as the run itself did.
    primary = {selectors.person_record_id(p) for p in person_ids}
    records = [r for r in selectors.linkage_input().records if r.record_id in primary]
    clusters = engine.cluster(
        [selectors.person_record_id(p) for p in person_ids],
        links,
        threshold=run.upper_threshold,
        must_link=ids(confirmed),
        cannot_link=ids(rejected),
        records=records,
    )
    keys = _person_clusters(person_ids, clusters)
    rows = list(PersonCluster.objects.filter(run=run))
    for row in rows:
        row.cluster_key = keys[row.person_id]
    PersonCluster.objects.bulk_update(rows, ["cluster_key"], batch_size=1000)
    count = len(set(keys.values()))
    LinkRun.objects.filter(pk=run.pk).update(cluster_count=count)
    return count


# --- decisions ---------------------------------------------------------------------------------


@transaction.atomic
def link_decide(
    *, actor: User, candidate: CandidateLink, verdict: str, reason: str = ""
) -> LinkDecision:
    """Confirm (same person) or reject (different persons) a candidate pair. The decision is
    kept for every later run as a must-link or cannot-link constraint."""
    left, right = candidate.left, candidate.right
    membership = _reviewer_of(actor, left, right)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose “same person” or “different persons”.")})
    if LinkDecision.objects.in_force().filter(left=left, right=right).exists():
        raise ValidationError(
            _("This pair was already decided; undo that decision first to change it.")
        )
    decision = LinkDecision(
        left=left,
        right=right,
        verdict=verdict,
        candidate=candidate,
        reason=reason.strip(),
        decided_by=actor,
    )
    decision.full_clean()
    decision.save()
    clusters_recompute()
    audit_record(
        actor=actor,
        action="linkage.decision.make",
        target=decision,
        organisation=membership.organisation,
        detail={
            "verdict": verdict,
            "candidate_id": candidate.pk,
            "run_id": candidate.run_id,
            "with_reason": bool(reason.strip()),
        },
    )
    return decision


@transaction.atomic
def link_decision_undo(*, actor: User, decision: LinkDecision) -> LinkDecision:
    """Take a decision back. The row stays with who undid it and when; the pair returns to the
    review queue and later runs no longer treat it as decided."""
    membership = _reviewer_of(actor, decision.left, decision.right)
    locked = LinkDecision.objects.select_for_update().get(pk=decision.pk)
    if locked.reversed_at is not None:
        raise ValidationError(_("This decision was already undone."))
    locked.reversed_at = timezone.now()
    locked.reversed_by = actor
    locked.save(update_fields=["reversed_at", "reversed_by"])
    clusters_recompute()
    audit_record(
        actor=actor,
        action="linkage.decision.undo",
        target=locked,
        organisation=membership.organisation,
        detail={"verdict": locked.verdict, "candidate_id": locked.candidate_id},
    )
    return locked
