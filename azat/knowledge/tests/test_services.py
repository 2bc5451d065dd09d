"""Legal review of a row: only holders of knowledge.review_law, always with an audit event."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from azat.accounts.roles import Role
from azat.core.models import AuditEvent
from azat.knowledge import selectors
from azat.knowledge.models import RowReview
from azat.knowledge.services import knowledge_row_mark_verified

SOURCE = "https://cbd.minjust.gov.kg/112309/edition/1/ru"


def _grant(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="knowledge", codename="review_law")
    )
    return type(user).objects.get(pk=user.pk)  # fresh object: the permission cache is per object


def _seed_row() -> selectors.LawRow:
    rows = [
        r
        for r in selectors.law_rows()
        if r.code.key == "kg-criminal-2021" and r.provision.article == "166" and r.status == "seed"
    ]
    assert len(rows) == 1
    return rows[0]


def test_reviewer_without_permission_is_refused(personas):
    row = _seed_row()
    with pytest.raises(PermissionDenied):
        knowledge_row_mark_verified(
            actor=personas[Role.PROSECUTOR],
            row_key=row.key,
            source=SOURCE,
            reviewed_on=dt.date(2026, 1, 10),
        )
    assert RowReview.objects.count() == 0
    assert not AuditEvent.objects.filter(action="knowledge.row.verify").exists()


def test_reviewer_with_permission_records_review_and_audit_event(personas):
    reviewer = _grant(personas[Role.PROSECUTOR])
    row = _seed_row()
    review = knowledge_row_mark_verified(
        actor=reviewer,
        row_key=row.key,
        source=SOURCE,
        reviewed_on=dt.date(2026, 1, 10),
        note="Part 2 confirmed",
    )
    stored = RowReview.objects.get()
    assert (stored.row_key, stored.reviewed_by, stored.source, stored.reviewed_on) == (
        row.key,
        reviewer,
        SOURCE,
        dt.date(2026, 1, 10),
    )
    assert stored.note == "Part 2 confirmed"
    assert stored.row_digest == selectors.row_digest(row.provision)
    event = AuditEvent.objects.get(action="knowledge.row.verify")
    assert event.actor == reviewer
    assert (event.object_type, event.object_id) == ("knowledge.rowreview", str(review.pk))
    assert event.detail == {
        "row_key": row.key,
        "code": "kg-criminal-2021",
        "article": "166",
        "file_status": "seed",
    }
    assert "Part 2" not in str(event.detail)  # the free-text note stays out of the audit trail


def test_review_refuses_unknown_row_bad_source_and_future_date(personas):
    reviewer = _grant(personas[Role.ANALYST])
    with pytest.raises(ValidationError) as unknown:
        knowledge_row_mark_verified(
            actor=reviewer,
            row_key="kg-criminal-2021:999:-:deadbeef",
            source=SOURCE,
            reviewed_on=dt.date(2026, 1, 10),
        )
    assert list(unknown.value.message_dict) == ["row_key"]
    with pytest.raises(ValidationError) as bad:
        knowledge_row_mark_verified(
            actor=reviewer,
            row_key=_seed_row().key,
            source="the code book on my desk",
            reviewed_on=dt.date(2999, 1, 1),
        )
    assert sorted(bad.value.message_dict) == ["reviewed_on", "source"]
    assert RowReview.objects.count() == 0
    assert not AuditEvent.objects.filter(action="knowledge.row.verify").exists()


def test_law_reviewer_command_grants_and_revokes_with_audit(personas):
    user = personas[Role.PROSECUTOR]
    out = StringIO()
    call_command("law_reviewer", "grant", user.email, stdout=out)
    assert type(user).objects.get(pk=user.pk).has_perm("knowledge.review_law")
    call_command("law_reviewer", "list", stdout=out)
    assert out.getvalue().splitlines() == [f"grant: {user.email}", user.email]
    call_command("law_reviewer", "revoke", user.email, stdout=out)
    assert not type(user).objects.get(pk=user.pk).has_perm("knowledge.review_law")
    actions = list(
        AuditEvent.objects.filter(action__startswith="knowledge.reviewer.")
        .order_by("pk")
        .values_list("action", "object_id")
    )
    assert actions == [
        ("knowledge.reviewer.grant", str(user.pk)),
        ("knowledge.reviewer.revoke", str(user.pk)),
    ]


def test_row_keys_are_unique_and_do_not_depend_on_file_order():
    rows = selectors.law_rows()
    keys = [r.key for r in rows]
    assert len(keys) == len(set(keys)) == 114
    row = _seed_row()
    assert row.key.startswith("kg-criminal-2021:166:-:")
    assert selectors.row_key(row.code, row.provision) == selectors.row_key(
        row.code, type(row.provision)(**{**row.provision.__dict__, "row": "provisions[99]"})
    )
