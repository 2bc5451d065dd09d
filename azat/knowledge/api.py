"""JSON API of the legal knowledge base: the code list and the qualification engine.

``POST /api/v1/qualify/`` takes exactly the JSON of ``manage.py qualify`` and answers the same
document, so scripts and the command agree; a bad key is answered with 400 naming it.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from azat.knowledge import selectors
from azat.knowledge.qualify import QualificationInputError
from azat.knowledge.roles import LAW_READERS, QUALIFY_ROLES


class EventSerializer(serializers.Serializer):
    country = serializers.CharField(help_text="Two capital letters, e.g. KG.")
    date = serializers.DateField()
    stage = serializers.CharField(help_text="A stage id; see `manage.py qualify --list-ids`.")


class CaseFactsSerializer(serializers.Serializer):
    """Documents the input; validation is the engine's own, so the key it names is exact."""

    events = EventSerializer(many=True)
    acts = serializers.ListField(child=serializers.CharField(), required=False)
    means = serializers.ListField(child=serializers.CharField(), required=False)
    purposes = serializers.ListField(child=serializers.CharField(), required=False)
    aggravating = serializers.ListField(child=serializers.CharField(), required=False)
    related = serializers.ListField(child=serializers.CharField(), required=False)
    victim_exposed_to = serializers.ListField(child=serializers.CharField(), required=False)
    victim_age = serializers.IntegerField(required=False, min_value=0, max_value=120)


InputErrorSerializer = inline_serializer(
    "QualificationInputError",
    {"key": serializers.CharField(), "detail": serializers.CharField()},
)


class QualifyView(APIView):
    """Candidate articles per country for the facts of a case (never a charge)."""

    allowed_roles = frozenset(QUALIFY_ROLES)

    @extend_schema(
        request=CaseFactsSerializer,
        responses={200: OpenApiTypes.OBJECT, 400: InputErrorSerializer},
        examples=[
            OpenApiExample(
                "Recruitment in Kyrgyzstan of a 17-year-old",
                value={
                    "events": [{"country": "KG", "date": "2024-03-01", "stage": "recruitment"}],
                    "means": ["MEANS_DECEPTION"],
                    "purposes": ["PURP_FORCED_LABOUR"],
                    "victim_age": 17,
                },
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        try:
            data: Any = request.data
        except ParseError as error:
            return Response(
                {"key": "(root)", "detail": f"not valid JSON: {error.detail}"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            document = selectors.qualification_document(data)
        except QualificationInputError as error:
            return Response(
                {"key": error.key, "detail": error.message}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(document)


class LawCodeSerializer(serializers.Serializer):
    key = serializers.CharField()
    country = serializers.CharField()
    code = serializers.CharField()
    version = serializers.CharField()
    title = serializers.DictField(child=serializers.CharField())
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)
    dates_verification = serializers.DictField(child=serializers.CharField())
    verification = serializers.ListField(child=serializers.CharField())
    rows = serializers.IntegerField()
    rows_needing_review = serializers.IntegerField()


class LawCodeListView(APIView):
    """Every version of every code in the knowledge base, with how much of it is unverified."""

    allowed_roles = frozenset(LAW_READERS)

    @extend_schema(responses=LawCodeSerializer(many=True))
    def get(self, request: Request) -> Response:
        kb = selectors.knowledge_base()
        pending: dict[str, int] = {}
        for row in selectors.rows_needing_review(kb):
            pending[row.code.key] = pending.get(row.code.key, 0) + 1
        items = [
            {
                "key": code.key,
                "country": code.country,
                "code": code.code,
                "version": code.version,
                "title": {"en": code.title_en, "ru": code.title_ru},
                "valid_from": code.valid_from,
                "valid_to": code.valid_to,
                "dates_verification": dict(code.dates_verification),
                "verification": list(code.verification),
                "rows": len(code.provisions),
                "rows_needing_review": pending.get(code.key, 0),
            }
            for code in kb.codes
        ]
        return Response(LawCodeSerializer(items, many=True).data)
