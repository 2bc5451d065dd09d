from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from azat.accounts import selectors as account_selectors
from azat.accounts.models import Organisation, User
from azat.accounts.roles import Role
from azat.api.serializers import MeSerializer, OrganisationSerializer


class MeView(APIView):
    """The signed-in person and the membership they act in."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)  # the permission class let only members through
        data = {
            "email": user.email,
            "full_name": getattr(user, "full_name", ""),
            "membership": request.membership,  # type: ignore[attr-defined]
        }
        return Response(MeSerializer(data).data)


class OrganisationListView(generics.ListAPIView[Organisation]):
    """Organisations the caller administers."""

    serializer_class = OrganisationSerializer
    allowed_roles = frozenset({Role.ORG_ADMIN, Role.SYS_ADMIN})

    def get_queryset(self):
        return account_selectors.organisation_list(
            user=self.request.user,  # type: ignore[arg-type]
            membership=self.request.membership,  # type: ignore[attr-defined]
        ).order_by("pk")
