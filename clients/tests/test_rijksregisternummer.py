import datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format

import pytest

from clients.rijksregisternummer import (
    rijksregisternummer_format,
    rijksregisternummer_info,
    rijksregisternummer_is_valid,
    rijksregisternummer_normalize,
    rijksregisternummer_validate,
    validate_rijksregisternummer,
)


def _nl(jaar: int, maand: int, dag: int) -> str:
    """A date as the (nl-BE) message shows it: the short date format, not ISO."""
    tekst = date_format(datetime.date(jaar, maand, dag), "SHORT_DATE_FORMAT")
    assert tekst != datetime.date(jaar, maand, dag).isoformat()
    return tekst


def test_normalize_strips_separators():
    assert rijksregisternummer_normalize(" 93.05.18-223.61 ") == "93051822361"
    assert rijksregisternummer_normalize("93 05 18 223 61") == "93051822361"
    assert rijksregisternummer_format("93051822361") == "93.05.18-223.61"


def test_valid_pre_2000_number_with_matching_birth_date_and_gender():
    assert (
        rijksregisternummer_validate(
            nummer="93.05.18-223.61", geboortedatum=datetime.date(1993, 5, 18), geslacht="m"
        )
        == []
    )
    info = rijksregisternummer_info("93051822361")
    assert info.geboortedatum == datetime.date(1993, 5, 18)
    assert info.geslacht == "m"
    assert not info.bis


def test_post_2000_rule_uses_a_leading_2():
    # 97 - (2000125567 mod 97) = 77; the pre-2000 rule would give another check number.
    assert (
        rijksregisternummer_validate(
            nummer="00012556777", geboortedatum=datetime.date(2000, 1, 25), geslacht="m"
        )
        == []
    )
    assert rijksregisternummer_info("00012556777").geboortejaar == 2000
    # The same digits are not valid as a 1900 number: pre-2000 check would be different.
    assert rijksregisternummer_validate(
        nummer="00012556777", geboortedatum=datetime.date(1900, 1, 25)
    ) == [f"Het rijksregisternummer past niet bij de geboortedatum {_nl(1900, 1, 25)}."]


def test_wrong_check_digit():
    assert rijksregisternummer_validate(nummer="93051822362") == [
        "Het controlegetal van het rijksregisternummer klopt niet."
    ]
    assert not rijksregisternummer_is_valid("93051822362")


@pytest.mark.parametrize("nummer", ["9305182236", "930518223612", "9305182236A", ""])
def test_wrong_length_or_characters(nummer):
    assert rijksregisternummer_validate(nummer=nummer) == [
        "Een rijksregisternummer bestaat uit 11 cijfers."
    ]


def test_month_out_of_range_is_rejected():
    # month 13 with a correct check number
    nummer = "931318223" + f"{97 - 931318223 % 97:02d}"
    assert rijksregisternummer_validate(nummer=nummer) == [
        "Het rijksregisternummer bevat geen geldige geboortemaand."
    ]


def test_birth_date_mismatch():
    assert rijksregisternummer_validate(
        nummer="93051822361", geboortedatum=datetime.date(1993, 5, 19)
    ) == [f"Het rijksregisternummer past niet bij de geboortedatum {_nl(1993, 5, 19)}."]
    assert (
        rijksregisternummer_validate(nummer="93051822361", geboortedatum=datetime.date(1994, 5, 18))
        != []
    )


def test_gender_mismatch():
    assert rijksregisternummer_validate(nummer="93051822361", geslacht="v") == [
        "Het rijksregisternummer is dat van een man, niet van een vrouw."
    ]
    # counter 004 is even: a woman
    assert rijksregisternummer_validate(nummer="76021600459", geslacht="m") == [
        "Het rijksregisternummer is dat van een vrouw, niet van een man."
    ]
    # 'x' and empty are not checked
    assert rijksregisternummer_validate(nummer="93051822361", geslacht="x") == []
    assert rijksregisternummer_validate(nummer="93051822361", geslacht="") == []


def test_bis_number_with_known_gender_month_plus_40():
    info = rijksregisternummer_info("98.47.28-997.65")
    assert info.bis
    assert info.geboortedatum == datetime.date(1998, 7, 28)
    assert info.geslacht == "m"
    assert (
        rijksregisternummer_validate(
            nummer="98472899765", geboortedatum=datetime.date(1998, 7, 28), geslacht="m"
        )
        == []
    )
    assert rijksregisternummer_validate(nummer="98472899765", geslacht="v") != []
    # post-2000 BIS number
    assert (
        rijksregisternummer_validate(
            nummer="01490700185", geboortedatum=datetime.date(2001, 9, 7), geslacht="m"
        )
        == []
    )


def test_bis_number_with_month_plus_20_has_no_gender():
    # 85-27-30: born 1985-07-30, gender unknown when issued; counter 033 is odd but means nothing.
    info = rijksregisternummer_info("85273003371")
    assert info.bis
    assert info.geslacht is None
    assert info.geboortedatum == datetime.date(1985, 7, 30)
    assert (
        rijksregisternummer_validate(
            nummer="85273003371", geboortedatum=datetime.date(1985, 7, 30), geslacht="v"
        )
        == []
    )
    assert (
        rijksregisternummer_validate(nummer="85273003371", geboortedatum=datetime.date(1985, 8, 30))
        != []
    )
    # post-2000 variant
    assert rijksregisternummer_is_valid("01273003382")


def test_unknown_birth_date_parts_are_not_checked():
    # day 00: only year and month are known
    assert (
        rijksregisternummer_validate(
            nummer="93050022319", geboortedatum=datetime.date(1993, 5, 27), geslacht="m"
        )
        == []
    )
    assert (
        rijksregisternummer_validate(nummer="93050022319", geboortedatum=datetime.date(1993, 6, 27))
        != []
    )
    # month 00: only the year is known
    info = rijksregisternummer_info("93000022381")
    assert (info.geboortejaar, info.geboortemaand, info.geboortedag) == (1993, None, None)
    assert (
        rijksregisternummer_validate(nummer="93000022381", geboortedatum=datetime.date(1993, 11, 2))
        == []
    )


def test_django_validator():
    validate_rijksregisternummer("93.05.18-223.61")
    with pytest.raises(ValidationError):
        validate_rijksregisternummer("93051822362")
