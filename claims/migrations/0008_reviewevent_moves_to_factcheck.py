# The audit trail moves to the factcheck app (cross-cutting pieces live there). Only Django's
# idea of which app owns the model changes: the table claims_reviewevent and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_claim_text_trigram_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReviewEvent")],
            database_operations=[],
        ),
    ]
