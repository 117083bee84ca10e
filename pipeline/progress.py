"""Progress of long runs: a bar (tqdm) on stderr while a person watches, nothing in a log.

The bar shows only where stderr is a terminal and the run is not `--quiet`; redirected to
a file or a CI log it stays silent (the run's one-line stage notes say what happened).
"""

from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm


def progress_bar(total: int, what: str, quiet: bool = False, stream: TextIO | None = None) -> tqdm:
    """A bar over `total` steps of `what` (e.g. pages OCR'd), disabled when quiet or not on a terminal."""
    stream = stream if stream is not None else sys.stderr
    shown = not quiet and hasattr(stream, "isatty") and stream.isatty()
    return tqdm(total=total, desc=what, unit="page", file=stream, disable=not shown, leave=False,
                dynamic_ncols=True)
