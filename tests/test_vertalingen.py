"""English, the second language (docs/adr/0023-english-catalogue.md): the catalogue in
``locale/en`` covers every translatable string of the code, every entry is translated with the
same placeholders, the compiled ``.mo`` is the ``.po``, and a user who picks English gets it."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format, number_format

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# %(name)s, %s, %d, %%, {name}: what must survive translation unchanged.
PLAATSHOUDER = re.compile(r"%\([a-z_0-9]+\)[sdfr]|%[sdfr]|\{[a-z_0-9]*\}", re.IGNORECASE)


def _entries(pad: Path):
    return [e for e in polib.pofile(str(pad)) if not e.obsolete]


def _sleutel(entry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def test_every_entry_is_translated_and_none_is_fuzzy():
    onvertaald = [e.msgid for e in _entries(PO) if not e.translated() or "fuzzy" in e.flags]
    assert onvertaald == []


def test_translations_keep_the_placeholders():
    fout = []
    for e in _entries(PO):
        vertalingen = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        bron = sorted(PLAATSHOUDER.findall(e.msgid_plural or e.msgid))
        for vertaling in vertalingen:
            if sorted(PLAATSHOUDER.findall(vertaling)) != bron and (
                # An English singular may say "one" instead of repeating the count.
                not e.msgid_plural or set(PLAATSHOUDER.findall(vertaling)) - set(bron)
            ):
                fout.append((e.msgid, vertaling))
    assert fout == []


def test_compiled_catalogue_is_the_po_file():
    """``make messages`` compiles the .mo; a .po edited without compiling fails here."""
    po = {_sleutel(e): (e.msgstr, dict(e.msgstr_plural)) for e in _entries(PO) if e.msgid}
    mo = {_sleutel(e): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(MO)) if e.msgid}
    assert mo == po


def test_catalogue_holds_every_translatable_string_of_the_code(tmp_path, monkeypatch):
    """What ``make messages`` would extract now (GNU gettext's xgettext, as Django's
    makemessages uses it) is exactly what the committed catalogue holds. It runs on a copy of
    the sources, so the repository's catalogue is never touched."""
    bron = tmp_path / "bron"
    shutil.copytree(
        ROOT,
        bron,
        ignore=shutil.ignore_patterns(
            ".*", "__pycache__", "locale", "staticfiles", "node_modules", "screenshots", "media"
        ),
    )
    (bron / "locale").mkdir()
    monkeypatch.chdir(bron)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [bron / "locale"])
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    vers = {_sleutel(e) for e in _entries(bron / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    vastgelegd = {_sleutel(e) for e in _entries(PO)}
    assert sorted(vers - vastgelegd, key=str) == [], "run `make messages` and translate"
    assert sorted(vastgelegd - vers, key=str) == [], "run `make messages` (obsolete entries)"


def test_english_is_served_when_chosen(client, db):
    """The language switch in the top bar sets the cookie; the pages follow it."""
    nl = client.get("/accounts/login/").content.decode()
    assert 'lang="nl-be"' in nl and ">Wachtwoord</label>" in nl
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    en = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in en
    assert ">Password</label>" in en and "Wachtwoord" not in en
    assert "Forgotten your password?" in en


def test_model_labels_and_messages_follow_the_language(db):
    from clients.models import Uitkeringsperiode

    with translation.override("en"):
        assert str(Uitkeringsperiode._meta.verbose_name) == "benefit period"
    with translation.override("nl-be"):
        assert str(Uitkeringsperiode._meta.verbose_name) == "uitkeringsperiode"


@pytest.mark.parametrize("taal", ["nl-be", "en"])
def test_short_dates_are_day_month_year_in_both_languages(taal):
    with translation.override(taal):
        assert date_format(date(2025, 12, 31), "SHORT_DATE_FORMAT") == "31/12/2025"
        moment = datetime(2025, 12, 31, 20, 5, tzinfo=UTC)
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "31/12/2025 20:05"


def test_numbers_follow_the_language():
    with translation.override("nl-be"):
        assert number_format(Decimal("1234.56"), 2, force_grouping=True) == "1.234,56"
    with translation.override("en"):
        assert number_format(Decimal("1234.56"), 2, force_grouping=True) == "1,234.56"


def test_language_switch_names_each_language_in_itself(client, db):
    for taal in ("nl-be", "en"):
        client.post("/i18n/setlang/", {"language": taal, "next": "/accounts/login/"})
        inhoud = client.get("/accounts/login/").content.decode()
        assert re.search(r'<option value="nl-be" lang="nl-be"( selected)?>Nederlands</', inhoud)
        assert re.search(r'<option value="en" lang="en"( selected)?>English</', inhoud)


@pytest.mark.parametrize(
    ("taal", "bedrag", "getal"),
    [("nl-be", "€ 320.156,81", "1.494,5"), ("en", "€ 320,156.81", "1,494.5")],
)
def test_amounts_and_figures_on_screens_follow_the_language(taal, bedrag, getal):
    from clients.templatetags.werkvloer import euro
    from rapportering.grafieken import getal_tekst

    with translation.override(taal):
        assert euro(Decimal("320156.81")) == bedrag
        assert euro(Decimal("-5")) == f"-€ {'5,00' if taal == 'nl-be' else '5.00'}"
        assert getal_tekst(Decimal("1494.5")) == getal


@pytest.mark.parametrize(
    ("taal", "lang", "kort"), [("nl-be", "mrt 2026", "mrt '26"), ("en", "Mar 2026", "Mar '26")]
)
def test_month_labels_follow_the_language(taal, lang, kort):
    from rapportering.tabellen import as_label, maand_label

    with translation.override(taal):
        assert maand_label(date(2026, 3, 1)) == lang
        assert as_label(date(2026, 3, 1)) == kort
