"""Linkage services: runs, decisions, undo, and that later runs keep to decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from azat.cases.models import Gender
from azat.core.models import AuditEvent
from azat.linkage import selectors, services
from azat.linkage.models import (
    CandidateLink,
    LinkDecision,
    LinkRun,
    LinkState,
    PersonCluster,
    RunStatus,
    Verdict,
)

pytestmark = pytest.mark.django_db


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def test_run_links_one_person_written_in_two_scripts_and_audits_start_and_finish(
    people, same_person
):
    kg, kz = same_person
    run = services.linkage_run_start(actor=people["sysadmin"])
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.progress == 1.0
    assert run.person_count == 2
    assert run.cluster_count == 1
    link = CandidateLink.objects.get(run=run)
    assert (link.left_id, link.right_id) == (kg.pk, kz.pk)
    assert link.state == LinkState.AUTO
    assert {c for c, _level, _w in link.drivers} >= {"given_name", "family_name"}
    keys = selectors.cluster_keys()
    assert keys[kg.pk] == keys[kz.pk]
    assert "linkage.run.start" in _actions()
    finished = AuditEvent.objects.get(action="linkage.run.finish")
    assert finished.detail["clusters"] == 1
    assert finished.actor == people["sysadmin"]


def test_drivers_and_audit_hold_no_value_of_the_records(people, same_person):
    services.linkage_run_start(actor=people["sysadmin"])
    stored = str(list(CandidateLink.objects.values_list("drivers", flat=True)))
    stored += str(list(AuditEvent.objects.values_list("detail", flat=True)))
    stored += str(list(LinkRun.objects.values_list("engine_stats", flat=True)))
    for value in ("Жылдыз", "Zhyldyz", "Akhmetova", "1995", "1234567"):
        assert value not in stored


def test_caseworker_cannot_start_a_run(people):
    with pytest.raises(PermissionDenied):
        services.linkage_run_start(actor=people["caseworker"])
    assert not LinkRun.objects.exists()


def test_refuses_a_second_run_while_one_is_under_way(people):
    LinkRun.objects.create(status=RunStatus.RUNNING)
    with pytest.raises(ValidationError):
        services.linkage_run_start(actor=people["supervisor"])


def test_failed_run_records_the_kind_of_error_only(people, same_person, monkeypatch):
    from azat.linkage import engine

    def broken(*args, **kwargs):
        raise RuntimeError("Zhyldyz Akhmetova 1995")

    monkeypatch.setattr(engine, "link", broken)
    run = services.linkage_run_start(actor=people["sysadmin"])
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == "RuntimeError"
    event = AuditEvent.objects.get(action="linkage.run.fail")
    assert event.detail == {"error": "RuntimeError"}


def test_progress_is_written_per_phase_and_throttled_within_one(people):
    run = LinkRun.objects.create(status=RunStatus.RUNNING)
    now = [0.0]
    progress = services._Progress(run.pk, clock=lambda: now[0])
    progress("train", 0.5)
    run.refresh_from_db()
    assert run.phase == "train"
    assert run.progress == pytest.approx(0.4)
    progress("train", 0.9)  # same phase, too soon: not written
    run.refresh_from_db()
    assert run.progress == pytest.approx(0.4)
    now[0] = 1.0
    progress("train", 1.0)
    run.refresh_from_db()
    assert run.progress == pytest.approx(0.6)
    progress("predict", 0.0)  # a new phase is written at once
    run.refresh_from_db()
    assert (run.phase, run.progress) == ("predict", pytest.approx(0.6))


def _review_pair(people, org, org_kz, make_person):
    """Two records alike enough to review but not to join: same name, no date, no document."""
    a = make_person(people["caseworker"], org, "Нургуль", "Асанова", gender=Gender.FEMININE)
    b = make_person(people["kz_caseworker"], org_kz, "Nurgul", "Asanova", birth=dt.date(1980, 1, 1))
    return a, b


def test_confirmed_decision_joins_the_cluster_and_is_audited(people, same_person):
    kg, kz = same_person
    services.linkage_run_start(actor=people["sysadmin"])
    link = CandidateLink.objects.get()
    # A rejection splits what the model joined.
    decision = services.link_decide(
        actor=people["supervisor"], candidate=link, verdict=Verdict.REJECTED, reason="checked"
    )
    keys = selectors.cluster_keys()
    assert keys[kg.pk] != keys[kz.pk]
    event = AuditEvent.objects.get(action="linkage.decision.make")
    assert event.detail["verdict"] == Verdict.REJECTED
    assert "checked" not in str(event.detail)
    assert decision.reason == "checked"


def test_decisions_are_honoured_by_the_next_run(people, same_person):
    kg, kz = same_person
    services.linkage_run_start(actor=people["sysadmin"])
    services.link_decide(
        actor=people["kz_supervisor"],
        candidate=CandidateLink.objects.get(),
        verdict=Verdict.REJECTED,
    )
    second = services.linkage_run_start(actor=people["sysadmin"])
    keys = selectors.cluster_keys(second)
    assert keys[kg.pk] != keys[kz.pk]
    assert second.cluster_count == 2


def test_undo_restores_the_model_clusters_and_keeps_the_row(people, same_person):
    kg, kz = same_person
    services.linkage_run_start(actor=people["sysadmin"])
    decision = services.link_decide(
        actor=people["supervisor"], candidate=CandidateLink.objects.get(), verdict="rejected"
    )
    services.link_decision_undo(actor=people["kz_supervisor"], decision=decision)
    decision.refresh_from_db()
    assert decision.reversed_by == people["kz_supervisor"]
    assert not LinkDecision.objects.in_force().exists()
    keys = selectors.cluster_keys()
    assert keys[kg.pk] == keys[kz.pk]
    assert AuditEvent.objects.filter(action="linkage.decision.undo").count() == 1
    with pytest.raises(ValidationError):
        services.link_decision_undo(actor=people["supervisor"], decision=decision)


def test_a_pair_is_decided_once_until_undone(people, same_person):
    services.linkage_run_start(actor=people["sysadmin"])
    link = CandidateLink.objects.get()
    services.link_decide(actor=people["supervisor"], candidate=link, verdict="confirmed")
    with pytest.raises(ValidationError):
        services.link_decide(actor=people["kz_supervisor"], candidate=link, verdict="rejected")


def test_only_a_supervisor_of_one_of_the_organisations_decides(
    people, same_person, make_org, make_member
):
    services.linkage_run_start(actor=people["sysadmin"])
    link = CandidateLink.objects.get()
    outsider = make_member("supervisor", make_org())
    for actor in (outsider, people["caseworker"], people["sysadmin"]):
        with pytest.raises(PermissionDenied):
            services.link_decide(actor=actor, candidate=link, verdict="confirmed")
    assert not LinkDecision.objects.exists()
    assert not AuditEvent.objects.filter(action="linkage.decision.make").exists()


def test_every_person_gets_a_cluster_membership(people, same_person, org, make_person):
    make_person(people["caseworker"], org, "Бакыт", "Осмонов", gender=Gender.MASCULINE)
    run = services.linkage_run_start(actor=people["supervisor"])
    assert PersonCluster.objects.filter(run=run).count() == 3
    assert run.cluster_count == 2


def test_recomputed_clusters_do_not_chain_a_man_and_a_woman_through_a_third_record(
    people, org, org_kz, make_person
):
    man = make_person(
        people["caseworker"],
        org,
        "Нурлан",
        "Ахметов",
        birth=dt.date(1990, 5, 12),
        gender=Gender.MASCULINE,
    )
    unknown = make_person(people["caseworker"], org, "Nurlan", "Akhmetov")
    woman = make_person(
        people["kz_caseworker"],
        org_kz,
        "Nurlan",
        "Akhmetova",
        birth=dt.date(1990, 5, 12),
        gender=Gender.FEMININE,
    )
    run = services.linkage_run_start(actor=people["sysadmin"])
    # Whatever the model said: strong links man–unknown and unknown–woman, none man–woman.
    CandidateLink.objects.filter(run=run).delete()
    for left, right in ((man, unknown), (unknown, woman)):
        CandidateLink.objects.create(
            run=run,
            left=left,
            right=right,
            probability=0.99,
            match_weight=8.0,
            drivers=[],
            state=LinkState.AUTO,
        )
    services.clusters_recompute(run)
    keys = dict(PersonCluster.objects.filter(run=run).values_list("person_id", "cluster_key"))
    # Clusters recomputed after a decision keep the run's rule: no chaining across a conflict.
    assert keys[man.pk] != keys[woman.pk]
