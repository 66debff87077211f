"""The audit trail read back: "wie bekeek dit dossier" for a client's social worker and the
data protection officer, and the beheerder's search (docs/beveiliging.md, ADR 0014).

Events are written by ``activering.services.audit_log``; the table refuses UPDATE and DELETE
(migration ``0002_auditevent_append_only``)."""
