from __future__ import annotations

import pytest

from models.errors import InvalidPostcode
from models.postcodes import (
    house_number_in_address,
    longest_prefix,
    normalize_postcode,
    normalize_prefix,
    postcode_in_address,
)


@pytest.mark.parametrize("text", ["2224AB", "2224 ab", " 2224 AB ", "2224ab"], ids=str)
def test_postcode_spellings_normalise(text: str) -> None:
    assert normalize_postcode(text) == "2224AB"


@pytest.mark.parametrize("text", ["2224", "0224AB", "22245AB", "AB2224", ""], ids=str)
def test_no_invalid_postcode(text: str) -> None:
    with pytest.raises(InvalidPostcode, match="is not a postcode"):
        normalize_postcode(text)


def test_no_invalid_prefix() -> None:
    with pytest.raises(InvalidPostcode, match='"22A" is not a postcode prefix'):
        normalize_prefix("22A")


@pytest.mark.parametrize(
    ("address", "postcode", "number"),
    [
        ("Voorbeeldlaan 1, 2224 AA Katwijk", "2224AA", "1"),
        ("Voorbeeldlaan 12a, 2224aa Katwijk", "2224AA", "12a"),
        ("Voorbeeldlaan 12 B, 2224 AA", "2224AA", "12B"),
        ("Voorbeeldlaan", None, None),
    ],
    ids=["plain", "letter", "spaced-letter", "street-only"],
)
def test_address_parts(address: str, postcode: str | None, number: str | None) -> None:
    assert postcode_in_address(address) == postcode
    assert house_number_in_address(address) == number


def test_longest_prefix_wins() -> None:
    assert longest_prefix("2231GA", ["2231", "2231G", "2232"]) == "2231G"
    assert longest_prefix("2240AA", ["2231"]) is None
