"""The Belgian rijksregisternummer (national number) and BIS number, together the INSZ.

Public API, shared by the CSV import, the intake forms and the API:

- ``rijksregisternummer_normalize(nummer)``: strip dots, dashes and spaces.
- ``rijksregisternummer_info(nummer)``: what the number encodes (birth date parts, gender,
  BIS or not), or ``None`` when it is not valid.
- ``rijksregisternummer_validate(*, nummer, geboortedatum=None, geslacht=None)``: a list of
  Dutch error messages, empty when the number is valid and agrees with the given birth date
  and gender.
- ``validate_rijksregisternummer(value)``: a Django field/form validator.

The check digits follow both rules: ``97 - (first 9 digits mod 97)`` for people born before
2000 and the same on ``2`` + the 9 digits for people born from 2000 on (``python-stdnum``).
BIS numbers add 20 (gender unknown) or 40 (gender known) to the birth month. The counter
(digits 7-9) is odd for men and even for women. A birth month or day of ``00`` means the part
was not known when the number was issued (or the day's counter ran out): it is not checked.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stdnum.be import bis, nn
from stdnum.exceptions import InvalidChecksum, InvalidComponent
from stdnum.exceptions import ValidationError as StdnumValidationError

__all__ = [
    "RijksregisternummerInfo",
    "rijksregisternummer_format",
    "rijksregisternummer_info",
    "rijksregisternummer_is_valid",
    "rijksregisternummer_normalize",
    "rijksregisternummer_validate",
    "validate_rijksregisternummer",
]

_SCHEIDINGSTEKENS = re.compile(r"[\s.\-/]")

# Gender codes as stored on the Client (see ``clients.constants.Geslacht``).
MAN = "m"
VROUW = "v"


@dataclass(frozen=True)
class RijksregisternummerInfo:
    """What a valid number encodes. Unknown birth-date parts and unknown gender are None."""

    nummer: str
    bis: bool
    geboortejaar: int | None
    geboortemaand: int | None
    geboortedag: int | None
    geslacht: str | None  # "m", "v" or None (BIS number issued without gender)

    @property
    def geboortedatum(self) -> datetime.date | None:
        if self.geboortejaar and self.geboortemaand and self.geboortedag:
            return datetime.date(self.geboortejaar, self.geboortemaand, self.geboortedag)
        return None


def rijksregisternummer_normalize(nummer: str) -> str:
    """``'93.05.18-223.61'`` -> ``'93051822361'``: strip spaces, dots, dashes and slashes."""
    return _SCHEIDINGSTEKENS.sub("", nummer or "")


def rijksregisternummer_format(nummer: str) -> str:
    """``'93051822361'`` -> ``'93.05.18-223.61'`` (the usual written form)."""
    return nn.format(rijksregisternummer_normalize(nummer))


def _module_for(nummer: str):
    """``stdnum.be.bis`` for a month of 20 or more, else ``stdnum.be.nn``."""
    return bis if int(nummer[2:4]) >= 20 else nn


def _fouten_in_nummer(nummer: str) -> list[str]:
    if not re.fullmatch(r"\d{11}", nummer):
        return [_("Een rijksregisternummer bestaat uit 11 cijfers.")]
    try:
        _module_for(nummer).validate(nummer)
    except InvalidChecksum:
        return [_("Het controlegetal van het rijksregisternummer klopt niet.")]
    except InvalidComponent:
        return [_("Het rijksregisternummer bevat geen geldige geboortemaand.")]
    except StdnumValidationError:
        return [_("Dit is geen geldig rijksregisternummer.")]
    return []


def rijksregisternummer_info(nummer: str) -> RijksregisternummerInfo | None:
    """Decode a (normalised or written) number; ``None`` when it is not valid."""
    nummer = rijksregisternummer_normalize(nummer)
    if _fouten_in_nummer(nummer):
        return None
    module = _module_for(nummer)
    datum = module.get_birth_date(nummer)
    geslacht = module.get_gender(nummer)
    return RijksregisternummerInfo(
        nummer=nummer,
        bis=module is bis,
        geboortejaar=module.get_birth_year(nummer),
        geboortemaand=module.get_birth_month(nummer),
        geboortedag=datum.day if datum else None,
        geslacht={"M": MAN, "F": VROUW}.get(geslacht) if geslacht else None,
    )


def rijksregisternummer_is_valid(nummer: str) -> bool:
    return rijksregisternummer_info(nummer) is not None


def rijksregisternummer_validate(
    *,
    nummer: str,
    geboortedatum: datetime.date | None = None,
    geslacht: str | None = None,
) -> list[str]:
    """Dutch error messages for ``nummer``; an empty list means valid.

    When ``geboortedatum`` is given, the known parts of the encoded birth date must match it.
    When ``geslacht`` is ``"m"`` or ``"v"``, it must match the counter's parity, unless the
    number does not encode a gender (a BIS number with month + 20). ``"x"``, ``""`` and None
    are not checked."""
    normaal = rijksregisternummer_normalize(nummer)
    fouten = _fouten_in_nummer(normaal)
    if fouten:
        return fouten
    info = rijksregisternummer_info(normaal)
    assert info is not None
    if geboortedatum is not None and (
        (info.geboortejaar is not None and info.geboortejaar != geboortedatum.year)
        or (info.geboortemaand is not None and info.geboortemaand != geboortedatum.month)
        or (info.geboortedag is not None and info.geboortedag != geboortedatum.day)
    ):
        fouten.append(
            _("Het rijksregisternummer past niet bij de geboortedatum %(datum)s.")
            % {"datum": date_format(geboortedatum, "SHORT_DATE_FORMAT")}
        )
    if geslacht in (MAN, VROUW) and info.geslacht is not None and info.geslacht != geslacht:
        if info.geslacht == MAN:
            fouten.append(_("Het rijksregisternummer is dat van een man, niet van een vrouw."))
        else:
            fouten.append(_("Het rijksregisternummer is dat van een vrouw, niet van een man."))
    return fouten


def validate_rijksregisternummer(value: str) -> None:
    """Django validator (model, form or serializer field): the number alone, without the
    birth-date and gender cross-checks (use ``rijksregisternummer_validate`` for those)."""
    fouten = rijksregisternummer_validate(nummer=value)
    if fouten:
        raise ValidationError(fouten, code="rijksregisternummer")
