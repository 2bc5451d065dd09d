"""JSON API for the provider directory and referrals: the same selectors as the pages.

Providers: every staff member may read the directory (no personal data). Referrals: the
referring side reads its referrals (with the case id, never case content); the receiving side
reads only the package snapshot. Everybody else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from azat.accounts.roles import Role
from azat.referrals import selectors, workflow
from azat.referrals.models import Provider, Referral

REFERRAL_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.PROVIDER})


class ProviderSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    countries = serializers.SerializerMethodField()

    class Meta:
        model = Provider
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "services",
            "countries",
            "regions",
            "languages",
            "capacity",
            "opening_hours",
            "phone",
            "email",
            "address",
            "description",
            "is_active",
        ]
        read_only_fields = fields

    def get_countries(self, provider: Provider) -> list[str]:
        return [str(c) for c in provider.countries]


class ReferralStepSerializer(serializers.Serializer):
    step = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    at = serializers.DateTimeField()
    organisation = serializers.IntegerField(source="organisation_id")


class DeliverySerializer(serializers.Serializer):
    service = serializers.CharField()
    delivered_on = serializers.DateField()
    provider = serializers.IntegerField(source="provider_id")
    cost = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    funding_source = serializers.CharField()


class PackageReferralSerializer(serializers.Serializer):
    """What a receiving organisation may read: the package and the workflow, nothing else."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    side = serializers.SerializerMethodField()
    sender = serializers.IntegerField(source="sender_id")
    sender_name = serializers.CharField(source="sender.name")
    receiver = serializers.IntegerField(source="receiver_id")
    state = serializers.CharField()
    services = serializers.ListField(child=serializers.CharField())
    urgency = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    sent_at = serializers.DateTimeField(allow_null=True)
    package = serializers.JSONField()
    steps = ReferralStepSerializer(source="events.all", many=True)
    deliveries = DeliverySerializer(source="deliveries.all", many=True)

    def get_side(self, referral: Referral) -> str:
        return workflow.Side.RECEIVER.value

    def get_overdue(self, referral: Referral) -> bool:
        return referral.is_overdue(timezone.localdate())


class SentReferralSerializer(PackageReferralSerializer):
    """The referring side also sees its draft fields and the case the referral belongs to."""

    case = serializers.IntegerField(source="case_id")
    package_fields = serializers.ListField(child=serializers.CharField())

    def get_side(self, referral: Referral) -> str:
        return workflow.Side.SENDER.value


class ProviderListView(generics.ListAPIView[Provider]):
    """Active providers; filter with ?service=&country=&region=&language=&q=."""

    allowed_roles = frozenset(Role)
    serializer_class = ProviderSerializer
    pagination_class = None

    def get_queryset(self):
        params = self.request.query_params
        return selectors.provider_directory(
            selectors.DirectoryFilter(
                service=params.get("service", ""),
                country=params.get("country", ""),
                region=params.get("region", ""),
                language=params.get("language", ""),
                q=params.get("q", ""),
            )
        )


class ProviderDetailView(generics.RetrieveAPIView[Provider]):
    allowed_roles = frozenset(Role)
    serializer_class = ProviderSerializer

    def get_object(self) -> Provider:
        return selectors.provider_get(id=self.kwargs["pk"])


class ReferralListView(generics.GenericAPIView[Referral]):
    """Referrals sent by the caller's organisation and packages received by it."""

    allowed_roles = REFERRAL_ROLES
    serializer_class = PackageReferralSerializer

    @extend_schema(responses={200: PackageReferralSerializer(many=True)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user, membership = request.user, request.membership  # type: ignore[attr-defined]
        sent = selectors.referral_sent_list(user=user, membership=membership).prefetch_related(  # type: ignore[arg-type]
            "events", "deliveries"
        )
        received = selectors.referral_received_list(
            user=user,  # type: ignore[arg-type]
            membership=membership,
        ).prefetch_related("events", "deliveries")
        return Response(
            {
                "sent": SentReferralSerializer(sent.order_by("pk"), many=True).data,
                "received": PackageReferralSerializer(received.order_by("pk"), many=True).data,
            }
        )


class ReferralDetailView(generics.GenericAPIView[Referral]):
    allowed_roles = REFERRAL_ROLES
    serializer_class = PackageReferralSerializer

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        referral, side = selectors.referral_get_for_user(
            user=request.user,  # type: ignore[arg-type]
            membership=request.membership,  # type: ignore[attr-defined]
            id=self.kwargs["pk"],
        )
        serializer = (
            SentReferralSerializer if side is workflow.Side.SENDER else PackageReferralSerializer
        )
        return Response(serializer(referral).data)
