"""Ruled tables by pdfplumber's table finder, shared by both PDF front ends.

A text-layer page (`pdf.py`) gives its drawn lines, a scanned page (`ocr.py`) the rulings
found in its image as explicit lines; both end in the same finder here, so neither front
end imports the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .layout import Grid


@dataclass(frozen=True)
class GridsSettings:
    """Every tolerance of the ruled-table finder, named (pdfplumber's TableSettings as the model)."""

    snap_tolerance: float = 3  # points: parallel rulings this close are one line (pdfplumber's default)
    join_tolerance: float = 3  # points: collinear ruling pieces this far apart are one line (pdfplumber's default)
    intersection_tolerance: float = 3  # points: a ruling ending this near another still meets it (pdfplumber's default)
    end_decimals: int = 1  # a vertical ruling's end as a row boundary, to a tenth of a point (ends of one row merge)

    def table_settings(self) -> dict:
        """pdfplumber's table settings: cells from the ruling lines only, never from text alignment."""
        return {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": self.snap_tolerance,
                "join_tolerance": self.join_tolerance, "intersection_tolerance": self.intersection_tolerance}


GRIDS = GridsSettings()


def find_grids(page, verticals: list[dict], extra: dict | None = None, s: GridsSettings = GRIDS) -> list[Grid]:
    """Ruled tables by pdfplumber's table finder. A row cut by the page break often lacks
    its closing line (and a repeated header its bottom line), but the column rulings end
    where rows end: each end of a vertical ruling adds a row boundary."""
    settings = dict(s.table_settings(), **(extra or {}))
    ends = sorted({round(e[k], s.end_decimals) for e in verticals for k in ("top", "bottom")})
    if ends:
        settings["explicit_horizontal_lines"] = list(settings.get("explicit_horizontal_lines", [])) + ends
    return [Grid([[tuple(c) if c else None for c in row.cells] for row in t.rows]) for t in page.find_tables(settings)]
