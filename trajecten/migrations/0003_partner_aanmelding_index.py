"""The partner API lists a partner's trajecten newest referral first; this index serves that
order directly (a page is read from the index instead of sorting all of the partner's rows)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("trajecten", "0002_gestopte_aanmelding_zonder_startdatum"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="traject",
            index=models.Index(
                models.F("partner"),
                models.OrderBy(models.F("aanmelddatum"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                name="traject_partner_aanmelding",
            ),
        ),
    ]
