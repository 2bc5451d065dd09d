from __future__ import annotations

from rest_framework import serializers

from azat.accounts.models import Membership, Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    htcds_type = serializers.CharField(read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "type", "htcds_type", "country", "region", "languages", "is_active"]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "role", "organisation"]
        read_only_fields = fields


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    membership = MembershipSerializer()
