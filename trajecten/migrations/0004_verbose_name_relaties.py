"""Translatable labels (verbose_name) for the relations; no change in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0003_verbose_name_relaties"),
        ("partners", "0004_verbose_name_relaties"),
        ("trajecten", "0003_partner_aanmelding_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="traject",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="trajecten",
                to="clients.client",
                verbose_name="cliënt",
            ),
        ),
        migrations.AlterField(
            model_name="traject",
            name="partner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="trajecten",
                to="partners.partner",
                verbose_name="partner",
            ),
        ),
        migrations.AlterField(
            model_name="werkperiode",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="werkperiodes",
                to="clients.client",
                verbose_name="cliënt",
            ),
        ),
    ]
