"""The audit table is append-only in the database itself: a trigger refuses every UPDATE, and
every DELETE unless the transaction set ``activering.audit_opruimen`` (only
``activering.audit.services.audit_events_wissen`` does, and it records the deletion as a new
event). Also the group of the data protection officer (ADR 0014)."""

from django.db import migrations

FUNCTIE = """
CREATE OR REPLACE FUNCTION activering_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('activering.audit_opruimen', true), '') = 'aan' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'activering_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER activering_auditevent_append_only
    BEFORE UPDATE OR DELETE ON activering_auditevent
    FOR EACH ROW EXECUTE FUNCTION activering_auditevent_append_only();
"""

TERUG = """
DROP TRIGGER IF EXISTS activering_auditevent_append_only ON activering_auditevent;
DROP FUNCTION IF EXISTS activering_auditevent_append_only();
"""

GROEP = "functionaris_gegevensbescherming"


def groep_dpo(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="activering", model="auditevent")
    permissie, _ = Permission.objects.get_or_create(
        codename="view_auditevent",
        content_type=content_type,
        defaults={"name": "Can view auditgebeurtenis"},
    )
    groep, _ = Group.objects.get_or_create(name=GROEP)
    groep.permissions.add(permissie)


def groep_dpo_weg(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROEP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("activering", "0002_importopdracht"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunSQL(FUNCTIE, TERUG),
        migrations.RunPython(groep_dpo, groep_dpo_weg),
    ]
