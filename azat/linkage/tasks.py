"""Background tasks of linkage (Django's tasks framework; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django.tasks import task

from azat.linkage import services


@task()
def linkage_run(run_id: int) -> None:
    """Carry out one queued linkage run; progress and results are written to the run."""
    services.linkage_run_execute(run_id=run_id)
