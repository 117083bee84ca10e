"""Property: whatever layout a seed draws, extraction of the typeset decree either succeeds or fails
with one of the project's documented errors (an `SkjError` subclass, each with its exit code),
never a crash. Text layer only, a handful of seeds per run, no shrinking (each example is a whole
extraction). Accuracy on these layouts is measured by `python -m tools.score --matrix`, not here."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pipeline.errors import SkjError

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "data" / "fixtures" / "skj-1-2022-ahli-pertama.standard.json"


@pytest.mark.xfail(strict=False, reason="reader rewrite in progress")
@settings(max_examples=3, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=1, max_value=2**31 - 1))
def test_extraction_of_any_layout_raises_only_documented_errors(seed):
    from pipeline.extract import extract
    from pipeline.pdf import PdfOptions
    from tools.typeset import Layout, typeset

    standard = json.loads(FIXTURE.read_text("utf-8"))
    with tempfile.TemporaryDirectory(prefix="skj-layout-") as tmp:
        pdf = typeset(standard, Path(tmp) / "decree.pdf", Layout.from_seed(seed))
        try:
            extract(pdf, Path(tmp) / "out", Path(tmp) / "interim", pdf_options=PdfOptions(), force=True)
        except SkjError:
            pass  # a documented failure, with its exit code: allowed
