"""skj-extract: turn Indonesian competency-standard decrees (SKJ) into validated datasets.

Stages, one module each, data flowing raw -> interim -> output:
load (clean OCR text) -> decree (body) -> sections (jenjang parts) ->
competency_table / requirements_table (reconstruct table columns) ->
normalise (repair OCR damage, logged) -> export (contract JSON + CSV tables).
"""

__version__ = "0.1.0"
SCHEMA_VERSION = "1.0"
