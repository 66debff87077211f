"""What counts as personal data outside the database, and how it is masked.

A rijksregisternummer has a recognisable shape (11 digits, often written ``85.07.30-033.61``)
and is masked wherever it appears. Names cannot be recognised by their shape; they are kept
out by field name (a form field or variable called ``voornaam``) and by never printing model
instances or querysets in error reports (their ``__str__`` holds names)."""

from __future__ import annotations

import re

MASKER = "***********"
GEMASKEERD = "[verborgen]"

#: 11 digits, optionally grouped as YY.MM.DD-NNN.CC (dots, dashes or spaces between the
#: groups), not part of a longer run of digits.
RIJKSREGISTERNUMMER = re.compile(
    r"(?<!\d)\d{2}[.\- ]?\d{2}[.\- ]?\d{2}[.\- ]?\d{3}[.\- ]?\d{2}(?!\d)"
)

#: Field and variable names whose value is personal data (matched case-insensitively as a
#: part of the name: ``client_voornaam``, ``rijksregisternummer_tonen`` …).
PERSOONSVELDEN = re.compile(
    r"voornaam|achternaam|familienaam|naam|rijksregister|rrn|insz|telefoon|gsm|e?mail|adres"
    r"|straat|postcode|woonplaats|geboorte|iban|rekeningnummer|nationaliteit|zoek|tekst"
    r"|omschrijving|verslag|notitie|opmerking",
    re.IGNORECASE,
)


def maskeer(tekst: str) -> str:
    """``tekst`` with every rijksregisternummer replaced by asterisks."""
    if not tekst:
        return tekst
    return RIJKSREGISTERNUMMER.sub(MASKER, tekst)


def is_persoonsveld(naam: str) -> bool:
    return bool(PERSOONSVELDEN.search(str(naam)))
