"""JSON API for calls: list, start, read. Same gates as the pages (operators and supervisors of
the hotline's organisation); the list carries codes only, the protected text is on the detail."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from azat.accounts.roles import Role
from azat.hotline import selectors, services
from azat.hotline.models import (
    Call,
    CallerType,
    CallLanguage,
    Channel,
    EmergencyEscalation,
    Hotline,
    Topic,
)

API_ROLES = frozenset({Role.OPERATOR, Role.SUPERVISOR})


class EscalationSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmergencyEscalation
        fields = ["id", "alerted_type", "alerted_who", "alerted_at", "alerted_by"]
        read_only_fields = fields


class CallSerializer(serializers.ModelSerializer):
    # A plain string keeps the schema free of an enum-name clash with screening's "status".
    status = serializers.CharField(read_only=True, help_text="open or closed")
    caller_country = serializers.CharField(source="caller_country.code", read_only=True)
    person_country = serializers.CharField(source="person_country.code", read_only=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "hotline",
            "operator",
            "started_at",
            "ended_at",
            "duration_seconds",
            "status",
            "channel",
            "caller_type",
            "language",
            "caller_country",
            "person_country",
            "topic",
            "is_anonymous",
            "advice_given",
            "outcome",
            "callback_consent",
            "follow_up_due",
            "follow_up_done",
            "version",
        ]
        read_only_fields = fields


class CallDetailSerializer(CallSerializer):
    escalations = EscalationSerializer(many=True, read_only=True)

    class Meta(CallSerializer.Meta):
        fields = [
            *CallSerializer.Meta.fields,
            "caller_name",
            "caller_contact",
            "notes",
            "safe_contact",
            "escalations",
        ]
        read_only_fields = fields


class CallStartSerializer(serializers.Serializer):
    hotline = serializers.IntegerField()
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
    caller_type = serializers.ChoiceField(choices=CallerType.choices, required=False)
    language = serializers.ChoiceField(choices=CallLanguage.choices, required=False)
    topic = serializers.ChoiceField(choices=Topic.choices, required=False)
    started_at = serializers.DateTimeField(required=False)


class CallListCreateView(generics.ListAPIView[Call]):
    """Calls of the caller's hotline organisation, newest first; POST starts a call."""

    serializer_class = CallSerializer
    allowed_roles = API_ROLES

    def get_queryset(self) -> QuerySet[Call]:
        return selectors.call_list(
            user=self.request.user,  # type: ignore[arg-type]
            membership=self.request.membership,  # type: ignore[attr-defined]
        ).order_by("-started_at", "-pk")

    @extend_schema(request=CallStartSerializer, responses={201: CallDetailSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = CallStartSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        hotlines: Any = selectors.hotline_list(
            user=request.user,  # type: ignore[arg-type]
            membership=request.membership,  # type: ignore[attr-defined]
        )
        hotline = hotlines.filter(pk=data.pop("hotline")).first()
        if not isinstance(hotline, Hotline):
            raise ValidationError({"hotline": ["Unknown hotline."]})
        # A service ValidationError becomes a 400 naming the field (azat.api.exceptions).
        call = services.call_start(actor=request.user, hotline=hotline, **data)  # type: ignore[arg-type]
        return Response(CallDetailSerializer(call).data, status=status.HTTP_201_CREATED)


class CallDetailView(generics.RetrieveAPIView[Call]):
    """One call with its protected notes; reading it is audited."""

    serializer_class = CallDetailSerializer
    allowed_roles = API_ROLES

    def get_object(self) -> Call:
        return selectors.call_get_for_user(
            user=self.request.user,  # type: ignore[arg-type]
            membership=self.request.membership,  # type: ignore[attr-defined]
            id=self.kwargs["pk"],
        )
