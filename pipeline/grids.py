"""Ruled tables by pdfplumber's table finder, shared by both PDF front ends.

A text-layer page (`pdf.py`) gives its drawn lines, a scanned page (`ocr.py`) the rulings
found in its image as explicit lines; both end in the same finder here, so neither front
end imports the other for it.
"""

from __future__ import annotations

from .layout import Grid

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                  "join_tolerance": 3, "intersection_tolerance": 3}


def find_grids(page, verticals: list[dict], extra: dict | None = None) -> list[Grid]:
    """Ruled tables by pdfplumber's table finder. A row cut by the page break often lacks
    its closing line (and a repeated header its bottom line), but the column rulings end
    where rows end: each end of a vertical ruling adds a row boundary."""
    settings = dict(TABLE_SETTINGS, **(extra or {}))
    ends = sorted({round(e[k], 1) for e in verticals for k in ("top", "bottom")})
    if ends:
        settings["explicit_horizontal_lines"] = list(settings.get("explicit_horizontal_lines", [])) + ends
    return [Grid([[tuple(c) if c else None for c in row.cells] for row in t.rows]) for t in page.find_tables(settings)]
