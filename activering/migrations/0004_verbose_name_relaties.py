"""Translatable labels (verbose_name) for the relations; no change in the database."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activering", "0003_auditevent_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="inwoners",
            name="gemeente",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="inwoners",
                to="activering.gemeente",
                verbose_name="gemeente",
            ),
        ),
        migrations.AlterField(
            model_name="medewerker",
            name="gemeente",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="medewerkers",
                to="activering.gemeente",
                verbose_name="gemeente",
            ),
        ),
        migrations.AlterField(
            model_name="medewerker",
            name="team",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="medewerkers",
                to="activering.team",
                verbose_name="team",
            ),
        ),
        migrations.AlterField(
            model_name="medewerker",
            name="user",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="medewerker",
                to=settings.AUTH_USER_MODEL,
                verbose_name="gebruiker",
            ),
        ),
        migrations.AlterField(
            model_name="notificatie",
            name="ontvanger",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notificaties",
                to="activering.medewerker",
                verbose_name="ontvanger",
            ),
        ),
        migrations.AlterField(
            model_name="team",
            name="gemeente",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="teams",
                to="activering.gemeente",
                verbose_name="gemeente",
            ),
        ),
    ]
