"""The OCR progress bar shows on a terminal only, and never with --quiet."""

import io

from pipeline.progress import progress_bar


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_bar_draws_on_a_terminal():
    out = Terminal()
    with progress_bar(3, "OCR", stream=out) as bar:
        for _ in range(3):
            bar.update()
    assert "OCR:" in out.getvalue() and "0/3" in out.getvalue()  # drawn, then cleared when done (leave=False)


def test_silent_in_a_log_and_when_quiet():
    log, term = io.StringIO(), Terminal()
    for stream, quiet in ((log, False), (term, True)):
        with progress_bar(3, "OCR", quiet=quiet, stream=stream) as bar:
            bar.update(3)
    assert log.getvalue() == "" and term.getvalue() == ""
