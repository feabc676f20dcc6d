"""World Bank indicator values for numeric claims about countries (API v2, no key).

From the claim's quantities, units and words it chooses indicators (military expenditure as a
share of GDP, GDP, population, unemployment, inflation, …) and from its country names the
countries, then asks ``/v2/country/{iso3}/indicator/{id}?format=json&date=FROM:TO`` and returns
the value for the claim's year, or the latest year before it that has one, beside the claim's
number. A response is ``[paging, rows]``; an error is ``[{"message": [{"id", "key", "value"}]}]``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from claims.extraction.types import Bound, Quantity, QuantityKind
from evidence.providers.base import Candidate, ClaimInput, Provider, ProviderError, RateLimit
from evidence.providers.http import ProviderHTTP

YEARS_BACK = 6  # World Bank series lag one or two years; look a little further back
MAX_COUNTRIES = 2
MAX_INDICATORS = 2


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    kind: QuantityKind  # what the claim's quantity must be to compare with it
    unit: str
    of: str | None = None
    words: tuple[str, ...] = ()  # one of these must appear in the claim (stems, lower-case)
    needs_of_gdp: bool | None = None  # True: the percentage must be "of GDP"; False: must not be


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "MS.MIL.XPND.GD.ZS",
        "Military expenditure (% of GDP)",
        QuantityKind.PERCENT,
        "percent",
        "GDP",
        ("defense", "defence", "military", "armed forces", "army"),
        needs_of_gdp=True,
    ),
    Indicator(
        "GC.DOD.TOTL.GD.ZS",
        "Central government debt, total (% of GDP)",
        QuantityKind.PERCENT,
        "percent",
        "GDP",
        ("debt",),
        needs_of_gdp=True,
    ),
    Indicator(
        "SL.UEM.TOTL.ZS",
        "Unemployment, total (% of total labor force)",
        QuantityKind.PERCENT,
        "percent",
        None,
        ("unemploy", "jobless"),
    ),
    Indicator(
        "FP.CPI.TOTL.ZG",
        "Inflation, consumer prices (annual %)",
        QuantityKind.PERCENT,
        "percent",
        None,
        ("inflation", "consumer price", "cost of living"),
    ),
    Indicator(
        "NY.GDP.MKTP.KD.ZG",
        "GDP growth (annual %)",
        QuantityKind.PERCENT,
        "percent",
        None,
        ("economy grew", "economic growth", "gdp growth", "growth"),
        needs_of_gdp=False,
    ),
    Indicator(
        "MS.MIL.XPND.CD",
        "Military expenditure (current US$)",
        QuantityKind.MONEY,
        "USD",
        None,
        ("defense", "defence", "military"),
    ),
    Indicator(
        "NY.GDP.MKTP.CD",
        "GDP (current US$)",
        QuantityKind.MONEY,
        "USD",
        None,
        ("gdp", "gross domestic product", "economy"),
    ),
    Indicator(
        "SP.POP.TOTL",
        "Population, total",
        QuantityKind.COUNT,
        "people",
        None,
        ("population", "people", "inhabitant", "resident", "citizen"),
    ),
    Indicator(
        "MS.MIL.TOTL.P1", "Armed forces personnel, total", QuantityKind.COUNT, "personnel", None, ("armed forces",)
    ),
)

# Country names, and the adjectives news writing uses, to ISO 3166-1 alpha-3. Small on purpose:
# the countries claims are most often about; add a line when a desk needs another.
COUNTRIES: dict[str, str] = {
    "united states": "USA",
    "u.s.": "USA",
    "usa": "USA",
    "america": "USA",
    "japan": "JPN",
    "china": "CHN",
    "taiwan": "TWN",
    "south korea": "KOR",
    "north korea": "PRK",
    "india": "IND",
    "russia": "RUS",
    "ukraine": "UKR",
    "germany": "DEU",
    "france": "FRA",
    "united kingdom": "GBR",
    "britain": "GBR",
    "uk": "GBR",
    "italy": "ITA",
    "spain": "ESP",
    "poland": "POL",
    "canada": "CAN",
    "australia": "AUS",
    "new zealand": "NZL",
    "brazil": "BRA",
    "mexico": "MEX",
    "turkey": "TUR",
    "israel": "ISR",
    "iran": "IRN",
    "saudi arabia": "SAU",
    "egypt": "EGY",
    "nigeria": "NGA",
    "south africa": "ZAF",
    "indonesia": "IDN",
    "philippines": "PHL",
    "vietnam": "VNM",
    "pakistan": "PAK",
    "netherlands": "NLD",
    "sweden": "SWE",
    "norway": "NOR",
    "finland": "FIN",
    "denmark": "DNK",
    "greece": "GRC",
    "ireland": "IRL",
    "argentina": "ARG",
}
ADJECTIVES: dict[str, str] = {
    "american": "USA",
    "japanese": "JPN",
    "chinese": "CHN",
    "taiwanese": "TWN",
    "south korean": "KOR",
    "north korean": "PRK",
    "indian": "IND",
    "russian": "RUS",
    "ukrainian": "UKR",
    "german": "DEU",
    "french": "FRA",
    "british": "GBR",
    "italian": "ITA",
    "spanish": "ESP",
    "polish": "POL",
    "canadian": "CAN",
    "australian": "AUS",
    "brazilian": "BRA",
    "mexican": "MEX",
    "turkish": "TUR",
    "israeli": "ISR",
    "iranian": "IRN",
    "saudi": "SAU",
    "dutch": "NLD",
    "swedish": "SWE",
}
_NAMES = {**ADJECTIVES, **COUNTRIES}
_COUNTRY = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(_NAMES, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE
)


def countries_in(text: str) -> list[str]:
    """ISO3 codes of the countries named in ``text``: names before adjectives, first mention first.

    An adjective ("Japanese Prime Minister") says who speaks more often than what is measured, so
    a country named outright ("Japan's GDP") comes first.
    """
    names: list[str] = []
    adjectives: list[str] = []
    for match in _COUNTRY.finditer(text):
        key = match.group(1).lower()
        (names if key in COUNTRIES else adjectives).append(_NAMES[key])
    return list(dict.fromkeys(names + adjectives))[:MAX_COUNTRIES]


def indicators_for(claim: ClaimInput) -> list[tuple[Indicator, Quantity]]:
    """Indicators the claim's numbers can be compared with, each paired with the claim quantity."""
    lowered = claim.text.lower()
    chosen: list[tuple[Indicator, Quantity]] = []
    for quantity in claim.quantities:
        for indicator in INDICATORS:
            if quantity.kind != indicator.kind or not any(w in lowered for w in indicator.words):
                continue
            of_gdp = (quantity.of or "").upper() == "GDP"
            if indicator.needs_of_gdp is not None and indicator.needs_of_gdp != of_gdp:
                continue
            if indicator.kind == QuantityKind.MONEY and (quantity.currency or quantity.unit) not in ("USD", None):
                continue
            if indicator.id not in {i.id for i, _ in chosen}:
                chosen.append((indicator, quantity))
            break
    return chosen[:MAX_INDICATORS]


def _format(value: float, indicator: Indicator) -> str:
    if indicator.kind == QuantityKind.PERCENT:
        return f"{value:.1f}%"
    if indicator.kind == QuantityKind.MONEY:
        for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if abs(value) >= scale:
                return f"${value / scale:.2f} {word}"
        return f"${value:,.0f}"
    return f"{value:,.0f}"


class WorldBankProvider(Provider):
    name = "worldbank"
    label = "World Bank indicators"
    rate_limit = RateLimit(requests=10, per_seconds=1)

    def search(self, claim: ClaimInput) -> list[Candidate]:
        """One candidate per (country, indicator) with a value, for the claim's year or the latest before."""
        pairs = indicators_for(claim)
        countries = countries_in(claim.text)
        if not pairs or not countries:
            return []
        year = (claim.date or dt.date.today()).year
        client = ProviderHTTP(name=self.name, label=self.label, rate_limit=self.rate_limit)
        base = settings.WORLDBANK_API_URL.rstrip("/")
        candidates = []
        for country in countries:
            for indicator, quantity in pairs:
                data = client.get_json(
                    f"{base}/country/{country}/indicator/{indicator.id}",
                    {"format": "json", "date": f"{year - YEARS_BACK}:{year}", "per_page": 100},
                )
                row = _value_for_year(_rows(data), year)
                if row is not None:
                    candidates.append(self._candidate(row, indicator, quantity))
        return candidates

    def _candidate(self, row: dict[str, Any], indicator: Indicator, quantity: Quantity) -> Candidate:
        value, year = float(row["value"]), int(row["date"])
        country = row.get("country") or {}
        country_name = str(country.get("value") or row.get("countryiso3code") or "")
        iso2 = str(country.get("id") or "")
        shown = _format(value, indicator)
        indicator_name = str((row.get("indicator") or {}).get("value") or indicator.name)
        return Candidate(
            url=f"https://data.worldbank.org/indicator/{indicator.id}?locations={iso2}",
            title=f"{indicator_name}, {country_name}, {year}: {shown} (the claim says {quantity.text})",
            snippet=f"World Bank data: {indicator_name} for {country_name} was {shown} in {year}.",
            source_name="World Bank",
            published=dt.date(year, 12, 31),
            quantities=(
                Quantity(
                    text=f"{shown} ({year})",
                    start=0,
                    end=0,
                    value=value,
                    unit=indicator.unit,
                    kind=indicator.kind,
                    bound=Bound.EQ,
                    of=indicator.of,
                    currency="USD" if indicator.kind == QuantityKind.MONEY else None,
                    noun=indicator.unit if indicator.kind == QuantityKind.COUNT else None,
                ),
            ),
            extra={
                "indicator": indicator.id,
                "indicator_name": indicator_name,
                "country": country_name,
                "year": year,
                "value": value,
                "claim_value": quantity.value,
                "claim_text": quantity.text,
            },
        )


def _rows(data: Any) -> list[dict[str, Any]]:
    """The observation rows of a v2 answer; raises ProviderError for error or malformed answers."""
    if isinstance(data, list) and data and isinstance(data[0], dict) and "message" in data[0]:
        messages = data[0]["message"] if isinstance(data[0]["message"], list) else []
        detail = "; ".join(str(m.get("value") or m.get("key")) for m in messages if isinstance(m, dict))
        raise ProviderError(f"The World Bank API refused the request: {detail or 'no reason given'}.")
    if not isinstance(data, list) or len(data) != 2 or not isinstance(data[0], dict):
        raise ProviderError("The World Bank API answered in an unexpected format (not [paging, rows]).")
    rows = data[1]
    if rows is None:  # no observations at all for this country and indicator
        return []
    if not isinstance(rows, list) or not all(isinstance(r, dict) and "date" in r and "value" in r for r in rows):
        raise ProviderError("The World Bank API answered with observation rows missing their date or value.")
    return rows


def _value_for_year(rows: list[dict[str, Any]], year: int) -> dict[str, Any] | None:
    """The row for ``year`` if it has a value, else the latest earlier row with one."""
    usable = []
    for row in rows:
        try:
            row_year = int(row["date"])
        except (TypeError, ValueError):
            continue
        if row["value"] is not None and row_year <= year:
            usable.append((row_year, row))
    return max(usable, key=lambda pair: pair[0])[1] if usable else None
