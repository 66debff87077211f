"""Hypothesis strategies for bad input: any text (control characters, NUL, right-to-left
marks, emoji, very long), dates in every shape, numbers, codes."""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Bounded: the whole property suite runs in well under a minute. The database fixture is
#: function-scoped on purpose: every example runs in the test's transaction.
GRENZEN = settings(
    max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None
)

tekst = st.text(max_size=80) | st.text(
    alphabet=st.sampled_from("\x00\x01\n\r\t\u202e\u200b\ufeff'\"<>&;,%$\\/é€😀"), max_size=20
)
lange_tekst = st.text(min_size=4990, max_size=5100, alphabet="ab é")
datums = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(
        [
            "31/02/2020",
            "0000-00-00",
            "9999-12-31",
            "2020-13-01",
            "-1",
            "1/1/1",
            "00/00/0000",
            "2024-02-29",
            "2023-02-29",
            "31.12.2025",
            "1e5",
            "",
            " ",
            "null",
            "١٢/٠٣/٢٠٢٤",
        ]
    ),
    tekst,
)
getallen = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.sampled_from(["", "1,5", "38,0", "1.000,5", "NaN", "Infinity", "-0", "1e308", "٣"]),
    tekst,
)


def codes(geldige: list[str]) -> st.SearchStrategy[str]:
    """A valid code most of the time, else anything."""
    return st.one_of(st.sampled_from(geldige), tekst, st.sampled_from(["", " ", "0"]))


def velden(**strategieen) -> st.SearchStrategy[dict]:
    """A form post: each field present with a generated value, or left out."""
    return st.fixed_dictionaries({}, optional=strategieen)


#: English words Django uses in messages that have not been translated.
ENGELS = ("This field", "Enter a valid", "Ensure this", "Select a valid", "is required")


def nederlands(berichten) -> bool:
    return all(not any(woord in str(b) for woord in ENGELS) for b in berichten)
