"""Translatable labels (verbose_name) for the relations; no change in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activering", "0004_verbose_name_relaties"),
        ("clients", "0002_gpmi_taak_document"),
    ]

    operations = [
        migrations.AlterField(
            model_name="client",
            name="gemeente",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="clienten",
                to="activering.gemeente",
                verbose_name="gemeente",
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="documenten",
                to="clients.client",
                verbose_name="cliënt",
            ),
        ),
        migrations.AlterField(
            model_name="gpmi",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="gpmis",
                to="clients.client",
                verbose_name="cliënt",
            ),
        ),
        migrations.AlterField(
            model_name="gpmiactie",
            name="gpmi",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="acties",
                to="clients.gpmi",
                verbose_name="GPMI",
            ),
        ),
        migrations.AlterField(
            model_name="gpmievaluatie",
            name="gpmi",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evaluaties",
                to="clients.gpmi",
                verbose_name="GPMI",
            ),
        ),
        migrations.AlterField(
            model_name="logboekitem",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="logboek",
                to="clients.client",
                verbose_name="cliënt",
            ),
        ),
        migrations.AlterField(
            model_name="taak",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="taken",
                to="clients.client",
                verbose_name="cliënt",
            ),
        ),
        migrations.AlterField(
            model_name="uitkeringsperiode",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="uitkeringsperiodes",
                to="clients.client",
                verbose_name="cliënt",
            ),
        ),
    ]
