"""Provider profiles get optimistic locking; a referral remembers when consent withdrawal
recalled it."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="provider",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="provider",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="referral",
            name="recalled_at",
            field=models.DateTimeField(
                blank=True,
                help_text=(
                    "When the person withdrew consent to this referral: the package was erased "
                    "and the receiving organisation no longer sees the referral."
                ),
                null=True,
                verbose_name="recalled at",
            ),
        ),
        migrations.AlterField(
            model_name="provider",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
