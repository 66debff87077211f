"""Bulk loading with PostgreSQL ``COPY`` (psycopg 3), for the large demo tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone

from psycopg.types.json import Jsonb


class CopyTabel:
    """Writes rows for ``model`` with ``COPY``. The caller gives values for ``kolommen``
    (database column names); every other concrete field gets its Python default (called per
    row when it is a callable), ``now`` for timestamps, or NULL. That keeps loading working
    when another app adds a field with a default to the model."""

    def __init__(self, model: type[models.Model], kolommen: Sequence[str]):
        self.model = model
        self.kolommen = list(kolommen)
        nu = timezone.now()
        self._extra: list = []
        extra_kolommen = []
        for veld in model._meta.concrete_fields:
            if veld.column in self.kolommen:
                continue
            if veld.primary_key:
                continue  # the identity column numbers the row
            if getattr(veld, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
                continue
            if isinstance(veld, models.DateTimeField) and (veld.auto_now or veld.auto_now_add):
                waarde = nu
                self._extra.append(lambda w=waarde: w)
            elif veld.has_default():
                default = veld.default
                maker = default if callable(default) else (lambda d=default: d)
                if isinstance(veld, models.JSONField):
                    self._extra.append(lambda m=maker: Jsonb(m()))
                else:
                    self._extra.append(maker)
            elif veld.null:
                self._extra.append(lambda: None)
            elif isinstance(veld, models.CharField | models.TextField):
                self._extra.append(lambda: "")
            else:
                raise ValueError(
                    f"{model.__name__}.{veld.name} heeft geen standaardwaarde voor COPY"
                )
            extra_kolommen.append(veld.column)
        self.alle_kolommen = self.kolommen + extra_kolommen

    def schrijf(self, rijen: Iterable[Sequence]) -> int:
        tabel = connection.ops.quote_name(self.model._meta.db_table)
        kolommen = ", ".join(connection.ops.quote_name(k) for k in self.alle_kolommen)
        extra = self._extra
        n = 0
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {tabel} ({kolommen}) FROM STDIN") as copy,
        ):
            if extra:
                for rij in rijen:
                    copy.write_row((*rij, *(maak() for maak in extra)))
                    n += 1
            else:
                for rij in rijen:
                    copy.write_row(rij)
                    n += 1
        return n


def ids_reserveer(model: type[models.Model], aantal: int) -> int:
    """Reserve ``aantal`` consecutive primary keys of ``model``; returns the first one."""
    if aantal <= 0:
        return 0
    tabel = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [tabel])
        reeks = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [reeks])
        eerste = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [reeks, eerste + aantal - 1])
    return eerste


class ExclusiesUitgesteld:
    """Drops the exclusion constraints (GiST) of ``models`` and adds them again on exit, with
    their exact definitions as PostgreSQL reports them. Building a GiST index once is much
    faster than maintaining it row by row during a large ``COPY``; re-adding the constraint
    checks every row, so nothing invalid can slip in. Use inside a transaction: an error
    rolls the drop back too."""

    def __init__(self, models_: Sequence[type[models.Model]]):
        self.tabellen = [m._meta.db_table for m in models_]
        self.constraints: list[tuple[str, str, str]] = []

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                   FROM pg_constraint c
                   WHERE c.contype = 'x' AND c.conrelid::regclass::text = ANY(%s)
                   ORDER BY 1, 2""",
                [self.tabellen],
            )
            self.constraints = cursor.fetchall()
            # ALTER TABLE refuses while deferred foreign-key checks are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for tabel, naam, _definitie in self.constraints:
                cursor.execute(
                    f"ALTER TABLE {connection.ops.quote_name(tabel)} "
                    f"DROP CONSTRAINT {connection.ops.quote_name(naam)}"
                )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            return False  # the surrounding transaction rolls the drop back
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for tabel, naam, definitie in self.constraints:
                cursor.execute(
                    f"ALTER TABLE {connection.ops.quote_name(tabel)} "
                    f"ADD CONSTRAINT {connection.ops.quote_name(naam)} {definitie}"
                )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return False
