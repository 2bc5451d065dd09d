"""The linkage task: queued with the run on the database backend, carried out by the worker."""

from __future__ import annotations

import pytest
from django.test import override_settings

from azat.linkage import services, tasks
from azat.linkage.models import LinkRun, RunStatus

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_start_queues_a_task_in_the_same_transaction_and_the_worker_runs_it(people, same_person):
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DB_TASKS):
        run = services.linkage_run_start(actor=people["sysadmin"])
        assert run.status == RunStatus.QUEUED
        assert run.progress == 0.0
        queued = DBTaskResult.objects.get()
        assert str(queued.id) == run.task_id
    # What the worker does with the queued task:
    tasks.linkage_run.call(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.progress == 1.0
    assert run.phase == "done"


def test_task_records_each_phase_as_progress(people, same_person, monkeypatch):
    seen: list[tuple[str, float]] = []
    original = services._Progress.__call__

    def spy(self, phase, fraction):
        original(self, phase, fraction)
        run = LinkRun.objects.get(pk=self.run_id)
        seen.append((run.phase, run.progress))

    monkeypatch.setattr(services._Progress, "__call__", spy)
    services.linkage_run_start(actor=people["sysadmin"])
    phases = [phase for phase, _ in seen]
    for phase in ("reading records", "block", "predict", "cluster", "storing results"):
        assert phase in phases
    progress = [value for _, value in seen]
    assert progress == sorted(progress)


def test_a_run_that_is_no_longer_queued_is_left_alone(people):
    run = LinkRun.objects.create(status=RunStatus.DONE, progress=1.0)
    tasks.linkage_run.call(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
