"""Two people save the same record at the same moment: one wins, the other is told, nothing is
lost. Real threads, each with its own database connection, on PostgreSQL (where row locks and
READ COMMITTED re-checks decide the race; SQLite serialises all writers, so the race cannot
happen there)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from azat.accounts.roles import Role
from azat.cases import services
from azat.cases.models import Case, Person
from azat.core.models import AuditEvent
from azat.core.services import StaleEdit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "Concurrent saves need PostgreSQL: SQLite lets one writer at a time, so two "
            "transactions never race. Run with DATABASE_URL=postgres://..."
        )


def _race(*contenders: Callable[[], Any]) -> list[Any]:
    """Run each contender in its own thread and connection; they read first, then all write
    at once (the barrier). Returns each one's result or exception, in order."""
    barrier = threading.Barrier(len(contenders))
    results: list[Any] = [None] * len(contenders)

    def run(index: int, contender: Callable[[Callable[[], None]], Any]) -> None:
        try:
            results[index] = contender(lambda: barrier.wait(timeout=20))
        except Exception as exc:  # the losers' StaleEdit, or a failure to report
            results[index] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, contender)) for i, contender in enumerate(contenders)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_two_simultaneous_case_edits_one_wins_the_other_is_refused(case, caseworker, personas):
    supervisor = personas[Role.SUPERVISOR]
    start = Case.objects.get(pk=case.pk).version

    def edit(actor: Any, notes: str) -> Callable[[Callable[[], None]], Any]:
        def contender(all_read: Callable[[], None]) -> Any:
            mine = Case.objects.get(pk=case.pk)  # each reads version N on its own connection
            assert mine.version == start
            all_read()
            return services.case_update(
                actor=actor, case=mine, expected_version=mine.version, notes=notes
            )

        return contender

    results = _race(edit(caseworker, "caseworker's words"), edit(supervisor, "supervisor's words"))

    wins = [r for r in results if isinstance(r, Case)]
    stale = [r for r in results if isinstance(r, StaleEdit)]
    assert (len(wins), len(stale)) == (1, 1), results
    stored = Case.objects.get(pk=case.pk)
    assert stored.version == start + 1
    assert stored.notes == wins[0].notes
    assert stored.updated_by == wins[0].updated_by
    assert stale[0].changed_by == str(wins[0].updated_by)
    assert AuditEvent.objects.filter(action="cases.case.update").count() == 1


def test_two_simultaneous_person_edits_one_wins_the_other_is_refused(person, caseworker, personas):
    supervisor = personas[Role.SUPERVISOR]

    def edit(actor: Any, contact: str) -> Callable[[Callable[[], None]], Any]:
        def contender(all_read: Callable[[], None]) -> Any:
            mine = Person.objects.get(pk=person.pk)
            assert mine.version == 1
            all_read()
            return services.person_update(
                actor=actor, person=mine, expected_version=mine.version, safe_contact=contact
            )

        return contender

    results = _race(edit(caseworker, "Via the shelter"), edit(supervisor, "Via her aunt"))

    wins = [r for r in results if isinstance(r, Person)]
    stale = [r for r in results if isinstance(r, StaleEdit)]
    assert (len(wins), len(stale)) == (1, 1), results
    stored = Person.objects.get(pk=person.pk)
    assert (stored.version, stored.safe_contact) == (2, wins[0].safe_contact)
    assert AuditEvent.objects.filter(action="cases.person.update").count() == 1


def test_many_simultaneous_case_edits_exactly_one_wins(case, make_member, org):
    editors = [make_member(Role.CASEWORKER, org) for _ in range(4)]

    def edit(actor: Any) -> Callable[[Callable[[], None]], Any]:
        def contender(all_read: Callable[[], None]) -> Any:
            mine = Case.objects.get(pk=case.pk)
            all_read()
            return services.case_update(
                actor=actor, case=mine, expected_version=mine.version, notes=str(actor)
            )

        return contender

    results = _race(*(edit(editor) for editor in editors))

    assert sum(isinstance(r, Case) for r in results) == 1, results
    assert sum(isinstance(r, StaleEdit) for r in results) == 3, results
    assert Case.objects.get(pk=case.pk).version == 2
