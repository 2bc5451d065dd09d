"""JSON API for screenings: list, create (answers at once, as the `screen` command takes them),
read with the engine's current result. Operators, caseworkers and supervisors of the
organisation; everybody else gets 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from azat.accounts.roles import Role
from azat.hotline import selectors as hotline_selectors
from azat.screening import engine, selectors, services
from azat.screening.models import Form, Screening

API_ROLES = frozenset({Role.OPERATOR, Role.CASEWORKER, Role.SUPERVISOR})


class ScreeningSerializer(serializers.ModelSerializer):
    # A plain string keeps the schema free of an enum-name clash with the call's "status".
    status = serializers.CharField(
        read_only=True, help_text="presumed_victim, possible_victim, not_indicated or empty"
    )

    class Meta:
        model = Screening
        fields = [
            "id",
            "organisation",
            "created_by",
            "call",
            "state",
            "status",
            "rule",
            "consent_to_open_case",
            "consent_recorded_at",
            "case_id",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class ScreeningDetailSerializer(ScreeningSerializer):
    answers = serializers.JSONField(read_only=True)
    acts = serializers.JSONField(read_only=True)
    result = serializers.SerializerMethodField()

    class Meta(ScreeningSerializer.Meta):
        fields = [
            *ScreeningSerializer.Meta.fields,
            "age",
            "minor",
            "profile",
            "acts",
            "answers",
            "result",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_result(self, obj: Screening) -> dict[str, Any]:
        data = engine.request_data(
            age=obj.age, minor=obj.minor, profile=obj.profile, acts=obj.acts, answers=obj.answers
        )
        return engine.run(data).to_dict()


class ScreeningCreateSerializer(serializers.Serializer):
    age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=120)
    minor = serializers.BooleanField(required=False, allow_null=True, default=None)
    profile = serializers.ChoiceField(choices=Form.choices, required=False, allow_blank=True)
    acts = serializers.ListField(child=serializers.CharField(), required=False)
    indicators = serializers.DictField(
        child=serializers.BooleanField(allow_null=True), required=False
    )
    call = serializers.IntegerField(required=False, allow_null=True)
    complete = serializers.BooleanField(required=False, default=False)
    consent_to_open_case = serializers.BooleanField(required=False, allow_null=True, default=None)


class ScreeningListCreateView(generics.ListAPIView[Screening]):
    """Screenings of the caller's organisation; POST screens answers and stores them."""

    serializer_class = ScreeningSerializer
    allowed_roles = API_ROLES

    def get_queryset(self) -> QuerySet[Screening]:
        return selectors.screening_list(
            user=self.request.user,  # type: ignore[arg-type]
            membership=self.request.membership,  # type: ignore[attr-defined]
        ).order_by("-updated_at", "-pk")

    @extend_schema(request=ScreeningCreateSerializer, responses={201: ScreeningDetailSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = ScreeningCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        membership = request.membership  # type: ignore[attr-defined]
        call = None
        if data.get("call") is not None:
            # Same gate as the pages: a caseworker or an outsider cannot see the call -> 404.
            call = hotline_selectors.call_get_for_user(
                user=request.user,  # type: ignore[arg-type]
                membership=membership,
                id=data["call"],
            )
        screening = services.screening_create(
            actor=request.user,  # type: ignore[arg-type]
            organisation=membership.organisation,
            call=call,
            age=data.get("age"),
            minor=data.get("minor"),
            profile=data.get("profile") or "",
            acts=data.get("acts") or [],
            answers=data.get("indicators") or {},
            complete=data.get("complete", False),
            consent_to_open_case=data.get("consent_to_open_case"),
        )
        return Response(ScreeningDetailSerializer(screening).data, status=status.HTTP_201_CREATED)


class ScreeningDetailView(generics.RetrieveAPIView[Screening]):
    """One screening with its answers and the engine's result; reading it is audited."""

    serializer_class = ScreeningDetailSerializer
    allowed_roles = API_ROLES

    def get_object(self) -> Screening:
        return selectors.screening_get_for_user(
            user=self.request.user,  # type: ignore[arg-type]
            membership=self.request.membership,  # type: ignore[attr-defined]
            id=self.kwargs["pk"],
        )
