"""JSON API for persons and cases: the same gates and services as the pages.

Caseworkers and supervisors of the owning organisation only; everybody else gets 404. Reads of
one person or case are audited like page reads; lists are not (they show what the list page
shows), which matches the pages.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from azat.accounts.models import Organisation
from azat.accounts.roles import Role
from azat.cases import selectors, services
from azat.cases.models import (
    Case,
    Consent,
    ConsentGiver,
    ConsentPurpose,
    DocumentStatus,
    DocumentType,
    Education,
    Exploitation,
    Gender,
    Language,
    LegalBasis,
    MaritalStatus,
    NameKind,
    Person,
    TraffickingStatus,
)
from azat.core.gates import get_visible_or_404
from azat.core.services import StaleEdit
from azat.referrals import selectors as referral_selectors

CASE_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})


class NameSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NameKind.choices)
    value = serializers.CharField(max_length=200)


class DocumentSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=DocumentType.choices)
    number = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    issuing_country = serializers.CharField(
        max_length=2, required=False, allow_blank=True, default=""
    )
    status = serializers.ChoiceField(choices=DocumentStatus.choices, default="held")


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    names = NameSerializer(many=True)
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.UNKNOWN)
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    estimated_age = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=120
    )
    citizenships = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, default=list
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=Language.choices), required=False, default=list
    )
    education = serializers.ChoiceField(
        choices=Education.choices, required=False, allow_blank=True, default=""
    )
    marital_status = serializers.ChoiceField(
        choices=MaritalStatus.choices, required=False, allow_blank=True, default=""
    )
    children_count = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0
    )
    safe_contact = serializers.CharField(required=False, allow_blank=True, default="")
    documents = DocumentSerializer(many=True, required=False, default=list)
    case_ids = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)

    def get_case_ids(self, person: Person) -> list[int]:
        return sorted(case.pk for case in person.cases.all())

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["names"] = [{"kind": n.kind, "value": n.value} for n in instance.names.all()]
        data["documents"] = [
            {
                "type": d.type,
                "number": d.number,
                "issuing_country": str(d.issuing_country or ""),
                "status": d.status,
            }
            for d in instance.documents.all()
        ]
        data["citizenships"] = [str(c) for c in instance.citizenships]
        return data


class ConsentOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    purpose = serializers.CharField()
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)
    given_by = serializers.CharField()
    given_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)


class CaseSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    consents = ConsentOutSerializer(many=True, read_only=True)
    past_target = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "organisation",
            "person",
            "caseworker",
            "status",
            "stage",
            "identified_on",
            "trafficking_status",
            "status_decided_by",
            "status_decided_on",
            "exploitation",
            "means_of_control",
            "recruitment_methods",
            "recruitment_platforms",
            "recruiter_relation",
            "vulnerabilities",
            "legal_basis",
            "screening_id",
            "closing_outcome",
            "closed_at",
            "version",
            "consents",
            "past_target",
        ]
        read_only_fields = fields

    def get_past_target(self, case: Case) -> bool:
        return selectors.case_is_past_target(case, today=timezone.localdate())


class CaseOpenSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    identified_on = serializers.DateField(required=False)
    screening_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    trafficking_status = serializers.ChoiceField(
        choices=TraffickingStatus.choices, default=TraffickingStatus.POSSIBLE
    )
    legal_basis = serializers.ChoiceField(choices=LegalBasis.choices, default=LegalBasis.CONSENT)
    legal_basis_note = serializers.CharField(required=False, allow_blank=True, default="")
    consent_given_by = serializers.ChoiceField(
        choices=ConsentGiver.choices, default=ConsentGiver.PERSON
    )
    guardian_name = serializers.CharField(required=False, allow_blank=True, default="")
    exploitation = serializers.ListField(
        child=serializers.ChoiceField(choices=Exploitation.choices), required=False, default=list
    )


class PersonListCreateView(generics.ListCreateAPIView[Person]):
    """Persons recorded by the caller's organisation; POST records a new one."""

    allowed_roles = CASE_ROLES
    serializer_class = PersonSerializer

    def get_queryset(self):
        return selectors.person_list(
            user=self.request.user,  # type: ignore[arg-type]
            membership=self.request.membership,  # type: ignore[attr-defined]
        ).order_by("pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = PersonSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        names = [(n["kind"], n["value"]) for n in data.pop("names")]
        documents = [services.DocumentInput(**d) for d in data.pop("documents")]
        if data.get("estimated_age") is not None:
            data["age_estimated_on"] = timezone.localdate()
        person = services.person_create(
            actor=request.user,  # type: ignore[arg-type]
            organisation=request.membership.organisation,  # type: ignore[attr-defined]
            names=names,
            documents=documents,
            **data,
        )
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)


class PersonPatchSerializer(serializers.Serializer):
    """A change to the person's basic fields: only the fields sent change. ``version`` is the
    version the client read; a save after someone else's is refused with 409."""

    version = serializers.IntegerField(min_value=1)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    birth_date = serializers.DateField(required=False, allow_null=True)
    estimated_age = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=120
    )
    citizenships = serializers.ListField(child=serializers.CharField(max_length=2), required=False)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=Language.choices), required=False
    )
    education = serializers.ChoiceField(choices=Education.choices, required=False, allow_blank=True)
    marital_status = serializers.ChoiceField(
        choices=MaritalStatus.choices, required=False, allow_blank=True
    )
    children_count = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    safe_contact = serializers.CharField(required=False, allow_blank=True)


def stale_response(exc: StaleEdit) -> Response:
    """409: someone saved after the client read the record; say who and when."""
    return Response(
        {
            "detail": str(exc),
            "changed_by": exc.changed_by,
            "changed_at": exc.changed_at.isoformat() if exc.changed_at else None,
        },
        status=status.HTTP_409_CONFLICT,
    )


class PersonDetailView(generics.RetrieveAPIView[Person]):
    """One person; PATCH changes basic fields with the version the client read."""

    allowed_roles = CASE_ROLES
    serializer_class = PersonSerializer

    def get_object(self) -> Person:
        return selectors.person_get_for_user(
            user=self.request.user,  # type: ignore[arg-type]
            membership=self.request.membership,  # type: ignore[attr-defined]
            id=self.kwargs["pk"],
        )

    @extend_schema(
        request=PersonPatchSerializer, responses={200: PersonSerializer, 409: OpenApiTypes.OBJECT}
    )
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        incoming = PersonPatchSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        changes = dict(incoming.validated_data)
        expected_version = changes.pop("version")
        try:
            person = services.person_update(
                actor=request.user,  # type: ignore[arg-type]
                person=person,
                expected_version=expected_version,
                **changes,
            )
        except StaleEdit as exc:
            return stale_response(exc)
        return Response(PersonSerializer(person).data)


class CaseListCreateView(generics.ListCreateAPIView[Case]):
    """Cases of the caller's organisation; POST opens a case for one of its persons."""

    allowed_roles = CASE_ROLES
    serializer_class = CaseSerializer

    def get_queryset(self):
        return (
            selectors.case_list(
                user=self.request.user,  # type: ignore[arg-type]
                membership=self.request.membership,  # type: ignore[attr-defined]
            )
            .prefetch_related("consents")
            .order_by("pk")
        )

    @extend_schema(request=CaseOpenSerializer, responses={201: CaseSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = CaseOpenSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        people = selectors.person_list(
            user=request.user,  # type: ignore[arg-type]
            membership=request.membership,  # type: ignore[attr-defined]
        )
        person = get_visible_or_404(people, pk=data.pop("person"))
        case = services.case_open(actor=request.user, person=person, **data)  # type: ignore[arg-type]
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)


class CaseDetailView(generics.RetrieveAPIView[Case]):
    allowed_roles = CASE_ROLES
    serializer_class = CaseSerializer

    def get_object(self) -> Case:
        return selectors.case_get_for_user(
            user=self.request.user,  # type: ignore[arg-type]
            membership=self.request.membership,  # type: ignore[attr-defined]
            id=self.kwargs["pk"],
        )


# --- consents ----------------------------------------------------------------------------------


class ConsentInSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
    )
    given_by = serializers.ChoiceField(choices=ConsentGiver.choices, default=ConsentGiver.PERSON)
    guardian_name = serializers.CharField(required=False, allow_blank=True, default="")


def _visible_case(request: Request, pk: int) -> Case:
    return selectors.case_get_for_user(
        user=request.user,  # type: ignore[arg-type]
        membership=request.membership,  # type: ignore[attr-defined]
        id=pk,
    )


class CaseConsentListCreateView(generics.GenericAPIView[Consent]):
    """A case's consents, withdrawn ones included; POST records one (as the case page does)."""

    allowed_roles = CASE_ROLES
    serializer_class = ConsentOutSerializer
    pagination_class = None

    @extend_schema(responses={200: ConsentOutSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        case = _visible_case(request, pk)
        consents = case.consents.order_by("given_at", "id")
        return Response(ConsentOutSerializer(consents, many=True).data)

    @extend_schema(request=ConsentInSerializer, responses={201: ConsentOutSerializer})
    def post(self, request: Request, pk: int) -> Response:
        case = _visible_case(request, pk)
        incoming = ConsentInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        consent = services.consent_record(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            **incoming.validated_data,
        )
        return Response(ConsentOutSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawnSerializer(ConsentOutSerializer):
    recalled_referrals = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Open referrals to the organisation that the withdrawal recalled.",
    )


class CaseConsentWithdrawView(generics.GenericAPIView[Consent]):
    """Record that a consent was withdrawn; the record stays, only future use is refused.
    Withdrawing a referral consent recalls the open referrals to that organisation."""

    allowed_roles = CASE_ROLES
    serializer_class = ConsentWithdrawnSerializer

    @extend_schema(request=None, responses={200: ConsentWithdrawnSerializer})
    def post(self, request: Request, pk: int, consent_pk: int) -> Response:
        case = _visible_case(request, pk)
        consent = get_object_or_404(case.consents, pk=consent_pk)
        consent = services.consent_withdraw(
            actor=request.user,  # type: ignore[arg-type]
            consent=consent,
        )
        recalled = referral_selectors.referrals_recalled_by_consent(consent)
        data = dict(ConsentOutSerializer(consent).data)
        data["recalled_referrals"] = [referral.pk for referral in recalled]
        return Response(data)
