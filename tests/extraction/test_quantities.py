"""Reading numbers: values, units, counted nouns, currencies, bounds, changes, ranges, dates."""

from __future__ import annotations

import pytest

from claims.extraction.numbers import words_to_number
from claims.extraction.quantities import extract_quantities
from claims.extraction.types import Bound, Change, Quantity, QuantityKind


def only(text: str) -> Quantity:
    found = extract_quantities(text)
    assert len(found) == 1, found
    return found[0]


def test_count_with_thousands_separator_keeps_its_counted_noun() -> None:
    q = only("to upgrade the 55,000 troops of the U.S. Forces Japan")
    assert (q.value, q.noun, q.kind, q.text) == (55000, "troops", QuantityKind.COUNT, "55,000 troops")


def test_counted_noun_skips_adjectives_and_stops_at_a_preposition() -> None:
    q = extract_quantities("the agency had cut 1,200 administrative positions since 2023")[0]
    assert q.noun == "positions"
    assert only("two defense chiefs discussed the plan").noun == "chiefs"


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("roughly 60,000 American troops in Japan", "troops"),
        ("nearly 3,000 Chinese students had enrolled", "students"),
        ("it pays for 400 Tomahawk cruise missiles", "missiles"),
        ("About 55,000 U.S. troops are stationed in Japan", "troops"),
    ],
)
def test_a_capitalised_modifier_before_the_counted_noun_is_not_the_noun(text: str, noun: str) -> None:
    q = only(text)
    assert (q.noun, q.unit) == (noun, noun)


def test_a_capitalised_plural_is_the_counted_noun() -> None:
    assert only("About 55,000 Americans live in Japan.").noun == "Americans"


@pytest.mark.parametrize(
    "text",
    [
        "Japan's cabinet approved a five-year plan",
        "the 10-year bond",
        "China's 14th Five-Year Plan",
        "a two-day summit",
    ],
)
def test_a_number_naming_a_period_before_a_noun_is_not_a_quantity(text: str) -> None:
    assert extract_quantities(text) == []


def test_an_age_stays_a_quantity_and_a_duration_stays_a_count() -> None:
    assert only("a 5-year-old girl").value == 5
    assert only("over the five years that follow").noun == "years"


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("NZ$412 billion", 412e9, "NZD"),
        ("£9.6bn", 9.6e9, "GBP"),
        ("$34 million", 34e6, "USD"),
        ("C$250 per acre", 250, "CAD"),
        ("€3.5m", 3.5e6, "EUR"),
        ("A$1.2 trillion", 1.2e12, "AUD"),
        ("¥10 billion", 10e9, "JPY"),
        ("USD 5 million", 5e6, "USD"),
        ("5 million Canadian dollars", 5e6, "CAD"),
        ("300 euros", 300, "EUR"),
        ("£50k", 50_000, "GBP"),
    ],
)
def test_money_has_its_value_in_units_and_an_iso_currency(text: str, value: float, currency: str) -> None:
    q = only(text)
    assert q.kind == QuantityKind.MONEY
    assert q.value == pytest.approx(value)
    assert q.currency == q.unit == currency


def test_scaled_decimals_are_exact() -> None:
    assert only("8.2 million tonnes").value == 8_200_000.0
    assert only("£1.1bn").value == 1_100_000_000.0


@pytest.mark.parametrize(
    ("text", "value"),
    [("2%", 2), ("2.3 per cent", 2.3), ("forty percent", 40), ("18 percent", 18), ("12.5 pct", 12.5)],
)
def test_percentages_keep_their_number(text: str, value: float) -> None:
    q = only(text)
    assert (q.kind, q.unit, q.value) == (QuantityKind.PERCENT, "percent", value)


def test_percentage_points_are_not_percent() -> None:
    assert only("rose 3 percentage points").unit == "percentage points"


def test_share_of_gdp_is_recorded() -> None:
    q = extract_quantities("spending of 2% of Japan’s gross domestic product")[0]
    assert q.of == "GDP"
    assert extract_quantities("debt of 42.3% of GDP")[0].of == "GDP"


@pytest.mark.parametrize("text", ["Tokyo spent 1.8% of its GDP on defence", "1.8% of their gross domestic product"])
def test_a_share_of_its_gdp_keeps_what_it_is_of_in_its_text(text: str) -> None:
    q = only(text)
    assert (q.value, q.of) == (1.8, "GDP")
    assert q.text.endswith(("GDP", "product"))


NUMBERS_IN_WORDS = {  # the text: its value and the noun it counts
    "three hundred new officers": (300, "officers"),
    "three hundred and fifty patients": (350, "patients"),
    "forty-five million people": (45e6, "people"),
    "a million homes": (1e6, "homes"),
    "twelve inspectors": (12, "inspectors"),
}


@pytest.mark.parametrize(("text", "value_and_noun"), NUMBERS_IN_WORDS.items())
def test_numbers_in_words(text: str, value_and_noun: tuple[float, str]) -> None:
    q = only(text)
    assert (q.value, q.noun) == value_and_noun


def test_words_to_number_rejects_non_numbers() -> None:
    assert words_to_number("two hundred and six") == 206
    assert words_to_number("hundred banana") is None


def test_one_as_a_pronoun_is_not_a_number() -> None:
    assert extract_quantities("No one knows, and one of them left.") == []
    assert only("one person died").value == 1


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a fifth", 0.2),
        ("two-thirds", 2 / 3),
        ("a quarter", 0.25),
        ("half", 0.5),
        ("one in five schools", 0.2),
    ],
)
def test_fractions_and_ratios(text: str, value: float) -> None:
    q = only(text)
    assert q.kind == QuantityKind.RATIO
    assert q.value == pytest.approx(value)


def test_ordinals_are_not_fractions() -> None:
    assert extract_quantities("the third quarter and a third term") == []


BOUND_WORDS = {
    Bound.AT_LEAST: ["at least 3%", "more than 500 people"],
    Bound.AT_MOST: ["up to $5 million", "as much as 40 percent", "less than 10 days"],
    Bound.APPROX: ["about 9 per cent", "nearly 2,000 homes", "some 55,000 troops", "roughly a third"],
    Bound.EQ: ["400 people"],
}


@pytest.mark.parametrize(("text", "bound"), [(text, bound) for bound, texts in BOUND_WORDS.items() for text in texts])
def test_bounds_are_read_and_included_in_the_surface_text(text: str, bound: Bound) -> None:
    q = only(text)
    assert q.bound == bound
    assert q.text == text or bound == Bound.EQ


def test_over_a_period_is_a_duration_not_a_bound() -> None:
    assert only("over four years").bound == Bound.EQ


def test_change_from_and_to() -> None:
    first, second = extract_quantities("increase defense spending from 2% of GDP to at least 3%")
    assert (first.change, second.change) == (Change.FROM, Change.TO)
    assert second.bound == Bound.AT_LEAST


def test_change_after_a_verb_of_change() -> None:
    found = extract_quantities("will fall to 8.2 million tonnes, down 33% from last year’s 12.3 million tonnes")
    assert [q.change for q in found] == [Change.TO, None, Change.FROM]
    assert extract_quantities("up from 61% two years ago")[0].change == Change.FROM


def test_to_without_a_change_is_not_a_change() -> None:
    assert only("he spoke to 300 delegates").change is None


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("between 10 and 12 percent", 10, 12), ("10-12%", 10, 12), ("$3 to $4 billion", 3e9, 4e9)],
)
def test_ranges_become_one_quantity(text: str, low: float, high: float) -> None:
    q = only(text)
    assert (q.value, q.value_to) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize(
    "text", ["by 2027", "in 2019", "since 2010", "its 2019 level", "the 1990s", "the 2024-25 budget"]
)
def test_years_are_dates(text: str) -> None:
    q = only(text)
    assert (q.kind, q.unit) == (QuantityKind.DATE, "year")


def test_a_year_like_number_before_a_plural_noun_is_a_count() -> None:
    q = only("the army sent 2000 troops")
    assert (q.kind, q.noun) == (QuantityKind.COUNT, "troops")


@pytest.mark.parametrize(
    "text",
    [
        "on March 30, at the meeting",
        "at 10:30 on 5 June",
        "the 21st century",
        "COVID-19 and the F-35",
        "a G7 summit",
    ],
)
def test_days_times_ordinals_and_model_names_are_not_quantities(text: str) -> None:
    assert [q for q in extract_quantities(text) if q.kind != QuantityKind.DATE] == []


def test_offsets_are_shifted_by_the_given_offset() -> None:
    text = "It cost $34 million."
    q = only(text)
    shifted = extract_quantities(text, offset=100)[0]
    assert (shifted.start, shifted.end) == (q.start + 100, q.end + 100)
    assert text[q.start : q.end] == q.text == "$34 million"


def test_metres_and_millions_are_told_apart() -> None:
    assert only("a 5m wall").unit == "metres"
    assert only("5m people").value == 5e6


def test_measurement_units() -> None:
    q = only("4.1 million tonnes")
    assert (q.kind, q.unit, q.value) == (QuantityKind.MEASURE, "tonnes", 4.1e6)


def test_a_year_after_mid_early_or_late_is_a_date() -> None:
    q = only("by mid-2026")
    assert (q.kind, q.value) == (QuantityKind.DATE, 2026)


def test_both_ends_of_a_change_share_the_counted_noun():
    start, end = extract_quantities("numbers grew from 1.1 billion to 1.4 billion journeys over three years")[:2]
    assert (start.value, start.noun, start.change) == (1.1e9, "journeys", Change.FROM)
    assert (end.value, end.noun, end.change) == (1.4e9, "journeys", Change.TO)


def test_both_ends_of_a_change_share_what_a_percentage_is_of():
    start, end = extract_quantities("raise spending from 2% of gross domestic product to at least 3%")
    assert start.of == end.of and start.of is not None
    assert end.bound == Bound.AT_LEAST


def test_an_end_keeps_its_own_unit():
    start, end = extract_quantities("from 40 officers to 60 detectives")
    assert start.noun == "officers" and end.noun == "detectives"
