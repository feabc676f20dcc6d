# The audit trail, moved here from the claims app: the same table (claims_reviewevent), the same
# columns and indexes, so only the migration state changes (no SQL runs).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0002_delivery_failures"),
        ("claims", "0008_reviewevent_moves_to_factcheck"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReviewEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("action", models.CharField(db_index=True, max_length=40)),
                        ("object_type", models.CharField(max_length=40)),
                        ("object_id", models.BigIntegerField()),
                        ("before", models.JSONField(blank=True, default=dict)),
                        ("after", models.JSONField(blank=True, default=dict)),
                        ("note", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="review_events",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="claims.article",
                            ),
                        ),
                        (
                            "claim",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="claims.claim",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "claims_reviewevent",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(fields=["object_type", "object_id"], name="reviewevent_object_idx"),
                            models.Index(fields=["action", "created_at", "claim"], name="reviewevent_action_idx"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
