"""Translatable labels (verbose_name) for the relations; no change in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activering", "0004_verbose_name_relaties"),
        ("partners", "0003_webhooks"),
        ("trajecten", "0003_partner_aanmelding_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="idempotentverzoek",
            name="partner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="partners.partner",
                verbose_name="partner",
            ),
        ),
        migrations.AlterField(
            model_name="melding",
            name="partner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meldingen",
                to="partners.partner",
                verbose_name="partner",
            ),
        ),
        migrations.AlterField(
            model_name="melding",
            name="traject",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="meldingen",
                to="trajecten.traject",
                verbose_name="traject",
            ),
        ),
        migrations.AlterField(
            model_name="melding",
            name="werkperiode",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="meldingen",
                to="trajecten.werkperiode",
                verbose_name="werkperiode",
            ),
        ),
        migrations.AlterField(
            model_name="overeenkomst",
            name="gemeente",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="overeenkomsten",
                to="activering.gemeente",
                verbose_name="gemeente",
            ),
        ),
        migrations.AlterField(
            model_name="overeenkomst",
            name="partner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="overeenkomsten",
                to="partners.partner",
                verbose_name="partner",
            ),
        ),
        migrations.AlterField(
            model_name="webhookaflevering",
            name="traject",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="trajecten.traject",
                verbose_name="traject",
            ),
        ),
        migrations.AlterField(
            model_name="webhookaflevering",
            name="webhook",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="afleveringen",
                to="partners.partnerwebhook",
                verbose_name="webhook",
            ),
        ),
    ]
