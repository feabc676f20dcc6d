# Audit rows outlive what they describe: deleting a claim or an article sets the link to NULL
# (on_delete is enforced by Django, so no SQL for that), and every event keeps a label of its
# object, filled here for the events written before.

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def fill_labels(apps, schema_editor):
    ReviewEvent = apps.get_model("factcheck", "ReviewEvent")
    names = {}
    for model_name in ("claim", "article", "verdict", "evidencecandidate", "evidencedocument"):
        app = "evidence" if model_name.startswith("evidence") else "claims"
        names[model_name] = apps.get_model(app, model_name)

    def describe(model_name, pk, obj):
        text = ""
        if obj is not None:
            text = getattr(obj, "text", None) or getattr(obj, "title", None) or getattr(obj, "url", None) or ""
            text = str(text)
            text = text if len(text) <= 80 else text[:77] + "..."
        return (f"{model_name} #{pk}: {text}" if text else f"{model_name} #{pk}")[:300]

    pending = ReviewEvent.objects.filter(object_label="").order_by("pk")
    last = 0
    while True:
        batch = list(pending.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        by_type = {}
        for event in batch:
            by_type.setdefault(event.object_type, set()).add(event.object_id)
        found = {}
        for object_type, ids in by_type.items():
            model = names.get(object_type)
            if model is not None:
                found[object_type] = model.objects.in_bulk(list(ids))
        for event in batch:
            obj = found.get(event.object_type, {}).get(event.object_id)
            event.object_label = describe(event.object_type, event.object_id, obj)
        ReviewEvent.objects.bulk_update(batch, ["object_label"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0003_reviewevent_from_claims"),
        ("evidence", "0002_search_and_due"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewevent",
            name="object_label",
            field=models.CharField(blank=True, db_default="", default="", max_length=300),
        ),
        migrations.AlterField(
            model_name="reviewevent",
            name="article",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="events",
                to="claims.article",
            ),
        ),
        migrations.AlterField(
            model_name="reviewevent",
            name="claim",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="events",
                to="claims.claim",
            ),
        ),
        migrations.RunPython(fill_labels, migrations.RunPython.noop),
    ]
