"""JSON API for criminal cases: the same gates and services as the pages.

Investigators and prosecutors of the owning agency only; everybody else gets 404. Reading one
criminal case is audited like the page. A victim's name appears only while the law-enforcement
consent of the linked assistance case is active, computed on every read.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from azat.prosecution import selectors, services
from azat.prosecution.models import CriminalCase, Jurisdiction

ROLES = selectors.PROSECUTION_ROLES


class ArticleSerializer(serializers.Serializer):
    key = serializers.CharField()
    in_knowledge_base = serializers.BooleanField()
    article = serializers.CharField(allow_null=True)
    part = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_null=True)
    status = serializers.CharField(
        allow_null=True, help_text="verified | unverified | disputed (the row's own tag)"
    )


class StepSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    on = serializers.DateField()
    ground = serializers.CharField()


class LinkedPerpetratorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(help_text="The assistance case that recorded them.")
    name = serializers.CharField()
    role = serializers.CharField()
    relation = serializers.CharField()


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    description = serializers.CharField()
    obtained_on = serializers.DateField(allow_null=True)
    held_by = serializers.CharField()
    facts = serializers.ListField(child=serializers.CharField())


class DefendantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()
    verdict = serializers.CharField()
    verdict_on = serializers.DateField(allow_null=True)
    sentence = serializers.CharField()
    confiscation = serializers.BooleanField()
    perpetrator = LinkedPerpetratorSerializer(
        allow_null=True,
        help_text="The perpetrator recorded in a victim's assistance case, only while that "
        "case is shared with law enforcement.",
    )
    perpetrator_hidden = serializers.BooleanField(
        help_text="Linked, but the victim's consent to share is gone."
    )


class VictimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(allow_null=True, help_text="Linked assistance case id.")
    name = serializers.CharField(
        allow_null=True,
        help_text="Only while the person's consent to share with law enforcement is active.",
    )
    standing = serializers.CharField()
    protection = serializers.ListField(child=serializers.CharField())
    compensation_claimed = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True
    )
    compensation_awarded = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True
    )
    currency = serializers.CharField()


class CriminalCaseSerializer(serializers.ModelSerializer):
    articles = serializers.SerializerMethodField()
    # Plain strings in the schema: an enum named "status" would collide with the cases app's.
    status = serializers.CharField(
        read_only=True,
        help_text="registered | investigation | suspended | court | dismissed | returned | "
        "verdict | appeal",
    )

    class Meta:
        model = CriminalCase
        fields = [
            "id",
            "agency",
            "jurisdiction",
            "number",
            "registered_on",
            "articles",
            "status",
            "dismissal_ground",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(ArticleSerializer(many=True))
    def get_articles(self, obj: CriminalCase) -> list[dict[str, Any]]:
        out = []
        for view in selectors.articles_of(obj.articles):
            row = view.row
            out.append(
                {
                    "key": view.key,
                    "in_knowledge_base": row is not None,
                    "article": row.article if row else None,
                    "part": row.part if row else None,
                    "title": row.title if row else None,
                    "status": row.status if row else None,
                }
            )
        return out


class CriminalCaseDetailSerializer(CriminalCaseSerializer):
    history = serializers.SerializerMethodField()
    defendants = serializers.SerializerMethodField()
    victims = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField()

    class Meta(CriminalCaseSerializer.Meta):
        fields = [
            *CriminalCaseSerializer.Meta.fields,
            "history",
            "defendants",
            "victims",
            "evidence",
        ]
        read_only_fields = fields

    @extend_schema_field(StepSerializer(many=True))
    def get_history(self, obj: CriminalCase) -> list[dict[str, Any]]:
        return [
            {"from_status": h.from_status, "to_status": h.to_status, "on": h.on, "ground": h.ground}
            for h in obj.history.all()
        ]

    @extend_schema_field(DefendantSerializer(many=True))
    def get_defendants(self, obj: CriminalCase) -> list[dict[str, Any]]:
        links = selectors.defendant_links(obj)

        def linked(defendant_id: int) -> dict[str, Any] | None:
            link = links.get(defendant_id)
            if link is None or link.perpetrator is None:
                return None
            p = link.perpetrator
            return {
                "id": p.pk,
                "case": p.case_id,
                "name": p.display_name,
                "role": p.role,
                "relation": p.relation,
            }

        return [
            {
                "id": d.pk,
                "name": d.name,
                "role": d.role,
                "verdict": d.verdict,
                "verdict_on": d.verdict_on,
                "sentence": d.sentence,
                "confiscation": d.confiscation,
                "perpetrator": linked(d.pk),
                "perpetrator_hidden": d.pk in links and not links[d.pk].shown,
            }
            for d in obj.defendants.all()
        ]

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, obj: CriminalCase) -> list[dict[str, Any]]:
        return [
            {
                "id": e.pk,
                "kind": e.kind,
                "description": e.description,
                "obtained_on": e.obtained_on,
                "held_by": e.held_by,
                "facts": e.facts,
            }
            for e in selectors.evidence_of(obj)
        ]

    @extend_schema_field(VictimSerializer(many=True))
    def get_victims(self, obj: CriminalCase) -> list[dict[str, Any]]:
        return [
            {
                "id": v.victim.pk,
                "case": v.victim.case_id,
                "name": v.name,
                "standing": v.victim.standing,
                "protection": v.victim.protection,
                "compensation_claimed": v.victim.compensation_claimed,
                "compensation_awarded": v.victim.compensation_awarded,
                "currency": v.victim.currency,
            }
            for v in selectors.victims_of(obj)
        ]


class CriminalCaseRegisterSerializer(serializers.Serializer):
    jurisdiction = serializers.ChoiceField(choices=Jurisdiction.choices)
    number = serializers.CharField(max_length=64)
    registered_on = serializers.DateField()
    articles = serializers.ListField(
        child=serializers.CharField(max_length=120), required=False, default=list
    )


class CriminalCaseListCreateView(generics.ListCreateAPIView[CriminalCase]):
    """Criminal cases of the caller's agency; POST registers one."""

    allowed_roles = ROLES
    serializer_class = CriminalCaseSerializer

    def get_queryset(self):
        return selectors.criminal_case_list(
            user=self.request.user,  # type: ignore[arg-type]
            membership=self.request.membership,  # type: ignore[attr-defined]
        ).order_by("pk")

    @extend_schema(request=CriminalCaseRegisterSerializer, responses={201: CriminalCaseSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = CriminalCaseRegisterSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        criminal_case = services.criminal_case_register(
            actor=request.user,  # type: ignore[arg-type]
            agency=request.membership.organisation,  # type: ignore[attr-defined]
            **incoming.validated_data,
        )
        return Response(CriminalCaseSerializer(criminal_case).data, status=status.HTTP_201_CREATED)


class CriminalCaseDetailView(generics.RetrieveAPIView[CriminalCase]):
    allowed_roles = ROLES
    serializer_class = CriminalCaseDetailSerializer

    def get_object(self) -> CriminalCase:
        return selectors.criminal_case_get_for_user(
            user=self.request.user,  # type: ignore[arg-type]
            membership=self.request.membership,  # type: ignore[attr-defined]
            id=self.kwargs["pk"],
        )
