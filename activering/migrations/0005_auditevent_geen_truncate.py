"""TRUNCATE bypasses row triggers, so the append-only audit table (0003) also gets a statement
trigger that refuses it, also when another table's TRUNCATE … CASCADE reaches it. Only a session
that set ``activering.audit_truncate = 'aan'`` may truncate it: the test settings do, because
the test runner empties the database between tests with TRUNCATE; production never does."""

from django.db import migrations

FUNCTIE = """
CREATE OR REPLACE FUNCTION activering_auditevent_geen_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('activering.audit_truncate', true), '') = 'aan' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'activering_auditevent is append-only: TRUNCATE refused'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER activering_auditevent_geen_truncate
    BEFORE TRUNCATE ON activering_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION activering_auditevent_geen_truncate();
"""

TERUG = """
DROP TRIGGER IF EXISTS activering_auditevent_geen_truncate ON activering_auditevent;
DROP FUNCTION IF EXISTS activering_auditevent_geen_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [("activering", "0004_verbose_name_relaties")]

    operations = [migrations.RunSQL(FUNCTIE, TERUG)]
