"""Unit tables of the quantity reader: currency symbols, codes and words, and measurement units."""

from __future__ import annotations

from claims.extraction.types import word_list

__all__ = ["CURRENCY_WORDS", "DOLLAR_ADJECTIVES", "MEASURE_UNITS", "PREFIX_CURRENCY"]


PREFIX_CURRENCY = {
    "NZ$": "NZD", "US$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "CAN$": "CAD",
    "HK$": "HKD", "S$": "SGD", "R$": "BRL", "MX$": "MXN", "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY",
    "₹": "INR", "₩": "KRW", "USD": "USD", "EUR": "EUR", "GBP": "GBP", "JPY": "JPY", "NZD": "NZD",
    "AUD": "AUD", "CAD": "CAD", "CHF": "CHF", "CNY": "CNY", "INR": "INR", "HKD": "HKD", "SGD": "SGD",
    "SEK": "SEK", "NOK": "NOK", "DKK": "DKK", "ZAR": "ZAR", "BRL": "BRL", "MXN": "MXN", "KRW": "KRW",
}  # fmt: skip


CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupee": "INR", "rupees": "INR", "francs": "CHF", "pounds sterling": "GBP",
    "sterling": "GBP", "won": "KRW", "rand": "ZAR", "pesos": "MXN", "krona": "SEK", "kronor": "SEK",
}  # fmt: skip


DOLLAR_ADJECTIVES = {
    "us": "USD", "u.s.": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
    "new zealand": "NZD", "nz": "NZD", "hong kong": "HKD", "singapore": "SGD",
}  # fmt: skip


MEASURE_UNITS = frozenset(
    word_list(
        """
        tonnes tonne tons ton kg kilograms kilogram kilos grams g lb lbs pounds km kilometres kilometers
        kilometre kilometer miles mile metres meters metre meter feet foot ft inches inch cm mm acres
        acre hectares hectare ha litres liters litre liter gallons gallon barrels barrel bpd mph km/h
        kph knots degrees °c °f mw gw kw kwh mwh gwh twh watts megawatts gigawatts hours hour minutes
        minute seconds mbps gb tb calories square cubic
        """
    )
)
