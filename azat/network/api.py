"""JSON API for the perpetrators of one case: the same gate (the case) and services as the pages.

Caseworkers and supervisors of the case's organisation; every other role, and a caseworker of
another organisation, gets 404. A change names the version the client read; a save after
someone else's is refused with 409.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from azat.cases.models import Case, Gender, RecruiterRelation
from azat.cases.selectors import CASE_ROLES
from azat.core.services import StaleEdit
from azat.network import selectors, services
from azat.network.models import NameKind, Perpetrator, PerpetratorRole


class IdentifierSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="phone | address | company | online")
    value = serializers.CharField(help_text="Phones in E.164.")


class PerpetratorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    name = serializers.SerializerMethodField()
    aliases = serializers.SerializerMethodField()
    sex = serializers.CharField()
    estimated_age = serializers.IntegerField(allow_null=True)
    citizenship = serializers.SerializerMethodField()
    role = serializers.CharField(help_text="recruiter | transporter | exploiter | official | other")
    relation = serializers.CharField(
        help_text="family | intimate_partner | friend | acquaintance | stranger, or empty"
    )
    identifiers = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    notes = serializers.CharField()
    version = serializers.IntegerField()

    def get_name(self, obj: Perpetrator) -> str:
        return next((n.value for n in obj.names.all() if n.kind == NameKind.NAME), "")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, obj: Perpetrator) -> list[str]:
        return obj.aliases

    def get_citizenship(self, obj: Perpetrator) -> str:
        return str(obj.citizenship or "")

    @extend_schema_field(IdentifierSerializer(many=True))
    def get_identifiers(self, obj: Perpetrator) -> list[dict[str, str]]:
        return [{"kind": i.kind, "value": i.value} for i in obj.identifiers.all()]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_events(self, obj: Perpetrator) -> list[int]:
        return [e.pk for e in obj.events.all()]


class PerpetratorInSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=PerpetratorRole.choices)
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    sex = serializers.ChoiceField(choices=Gender.choices, required=False, default=Gender.UNKNOWN)
    estimated_age = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=120
    )
    citizenship = serializers.CharField(required=False, allow_blank=True, default="", max_length=2)
    relation = serializers.ChoiceField(
        choices=RecruiterRelation.choices, required=False, allow_blank=True, default=""
    )
    phones = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    addresses = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    companies = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    online_accounts = serializers.ListField(
        child=serializers.CharField(), required=False, default=list
    )
    events = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids of the case's trafficking events.",
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    def to_input(self, case: Case) -> services.PerpetratorInput:
        data = dict(self.validated_data)
        event_ids = set(data.pop("events"))
        events = [e for e in selectors.event_choices(case) if e.pk in event_ids]
        if len(events) != len(event_ids):
            raise serializers.ValidationError(
                {"events": _("Only the trafficking events of this case can be chosen.")}
            )
        return services.PerpetratorInput(events=events, **data)


class PerpetratorUpdateSerializer(PerpetratorInSerializer):
    version = serializers.IntegerField(min_value=1)

    def to_input(self, case: Case) -> services.PerpetratorInput:
        self.validated_data.pop("version", None)
        return super().to_input(case)


def _case(request: Request, pk: int) -> Case:
    return selectors.case_for_perpetrators(
        user=request.user,  # type: ignore[arg-type]
        membership=request.membership,  # type: ignore[attr-defined]
        case_id=pk,
    )


def _stale(exc: StaleEdit) -> Response:
    return Response(
        {
            "detail": str(exc),
            "changed_by": exc.changed_by,
            "changed_at": exc.changed_at.isoformat() if exc.changed_at else None,
        },
        status=status.HTTP_409_CONFLICT,
    )


class PerpetratorListCreateView(generics.GenericAPIView[Perpetrator]):
    """The perpetrators recorded in a case; POST records one."""

    allowed_roles = CASE_ROLES
    serializer_class = PerpetratorSerializer
    pagination_class = None

    @extend_schema(responses={200: PerpetratorSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        case = _case(request, pk)
        perpetrators = selectors.perpetrator_list(
            user=request.user,  # type: ignore[arg-type]
            membership=request.membership,  # type: ignore[attr-defined]
            case=case,
        )
        return Response(PerpetratorSerializer(perpetrators, many=True).data)

    @extend_schema(request=PerpetratorInSerializer, responses={201: PerpetratorSerializer})
    def post(self, request: Request, pk: int) -> Response:
        case = _case(request, pk)
        incoming = PerpetratorInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        perpetrator = services.perpetrator_record(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            data=incoming.to_input(case),
        )
        return Response(PerpetratorSerializer(perpetrator).data, status=status.HTTP_201_CREATED)


class PerpetratorDetailView(generics.GenericAPIView[Perpetrator]):
    """One perpetrator; PUT replaces what is recorded (with the version read), DELETE removes a
    record made by mistake (`?version=`)."""

    allowed_roles = CASE_ROLES
    serializer_class = PerpetratorSerializer

    def _get(self, request: Request, pk: int, perpetrator_pk: int) -> Perpetrator:
        case = _case(request, pk)
        return selectors.perpetrator_get_for_user(
            user=request.user,  # type: ignore[arg-type]
            membership=request.membership,  # type: ignore[attr-defined]
            case=case,
            id=perpetrator_pk,
        )

    def get(self, request: Request, pk: int, perpetrator_pk: int) -> Response:
        return Response(PerpetratorSerializer(self._get(request, pk, perpetrator_pk)).data)

    @extend_schema(
        request=PerpetratorUpdateSerializer,
        responses={200: PerpetratorSerializer, 409: OpenApiTypes.OBJECT},
    )
    def put(self, request: Request, pk: int, perpetrator_pk: int) -> Response:
        perpetrator = self._get(request, pk, perpetrator_pk)
        incoming = PerpetratorUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        version = incoming.validated_data["version"]
        try:
            perpetrator = services.perpetrator_update(
                actor=request.user,  # type: ignore[arg-type]
                perpetrator=perpetrator,
                expected_version=version,
                data=incoming.to_input(perpetrator.case),
            )
        except StaleEdit as exc:
            return _stale(exc)
        fresh = self._get(request, pk, perpetrator.pk)
        return Response(PerpetratorSerializer(fresh).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int, perpetrator_pk: int) -> Response:
        perpetrator = self._get(request, pk, perpetrator_pk)
        raw = request.query_params.get("version", "")
        services.perpetrator_remove(
            actor=request.user,  # type: ignore[arg-type]
            perpetrator=perpetrator,
            expected_version=int(raw) if raw.isdigit() else perpetrator.version,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
