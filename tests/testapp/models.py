"""A model used only by tests, to exercise the encrypted fields without a domain model."""

from django.db import models

from azat.core.fields import (
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
    LookupHashField,
)


class Secret(models.Model):
    name = EncryptedTextField(blank=True, null=True)
    name_hash = LookupHashField()
    born = EncryptedDateField(null=True, blank=True)
    extra = EncryptedJSONField(null=True, blank=True)

    class Meta:
        app_label = "testapp"
