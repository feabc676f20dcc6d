"""One shape for every report table: the page renders it, the CSV export writes it, the API returns it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    """A value and, for counts, the link to the claims behind it."""

    value: Any
    href: str = ""

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if isinstance(self.value, float):
            return f"{self.value:,.1f}"
        if isinstance(self.value, int):
            return f"{self.value:,}"
        return str(self.value)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""

    def add(self, *cells: Cell | Any) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell(c) for c in cells])

    @property
    def grid(self) -> list[list[tuple[Column, Cell]]]:
        """Rows with each cell's column beside it (for templates: alignment by column)."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """Rows as ``{column key: value}`` (the API's form)."""
        return [{col.key: cell.value for col, cell in zip(self.columns, row, strict=True)} for row in self.rows]

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "columns": [{"key": c.key, "label": c.label, "numeric": c.numeric} for c in self.columns],
            "rows": self.records(),
        }


def counts_table(key: str, title: str, label: Column, numeric: dict[str, str], note: str = "") -> Table:
    """A table of a label column and then numeric columns (``{key: label}``): most report tables."""
    return Table(key, title, [label, *(Column(k, text, numeric=True) for k, text in numeric.items())], note=note)


def to_csv(table: Table) -> str:
    """The table as CSV: a header of column labels, then raw values (no thousands separators).

    Cells starting with ``=``, ``+``, ``-`` or ``@`` are text from articles (claims, names) and
    would run as formulas in a spreadsheet, so they are prefixed with an apostrophe.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.label for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(cell.value) for cell in row])
    return out.getvalue()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def claims_link(**params: Any) -> str:
    """The reports' claim list filtered by ``params`` (None and empty values left out)."""
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse("reports:claims") + ("?" + urlencode(clean) if clean else "")
