"""One exception class per way a decree can fail, each with its own exit code.

The CLI catches `SkjError`, prints `file: message` on one line and exits with the
class's `exit_code`; when several decrees fail in one run the highest code wins.
Codes (also listed in the README):

    0  every decree extracted
    1  unexpected internal error (a bug: please report it with the traceback)
    2  the extraction failed a critical check (`ValidationFailed`), or the run's inputs hold the
       same decree twice (`DuplicateDecree`: the second is not extracted)
    3  the input file cannot be read as text (`UnreadableInput`: missing, empty, binary)
    4  the text is not an SKJ decree (`NotADecree`)
    5  the decree lacks a part every SKJ decree has (`MissingPart`)
    6  the output could not be written (`OutputError`)
    7  a program the input needs is missing: Tesseract or its language pack (`MissingDependency`)
    8  a stage met a condition it has no rule for (`StageFailed`: the line names the stage, the
       traceback is kept in a file for the bug report); the run goes on with the other decrees
    9  `--scheduler`: the Dask cluster cannot be reached, or a worker cannot run a decree as this
       process would (it cannot read the file at the path given, or runs other code) (`ClusterError`)
  130  interrupted (Ctrl-C), 143 terminated (SIGTERM), 129 hung up (SIGHUP): `Interrupted`; the decree
       being extracted keeps its earlier output, those published before are whole
"""

from __future__ import annotations


class SkjError(Exception):
    """Base class: a failure the user can act on, reported without a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class ValidationFailed(SkjError):
    """The extracted standard breaks the output contract or a critical expectation."""

    exit_code = 2


class DuplicateDecree(SkjError):
    """Two input files of one run are the same decree: the second would replace the first's output."""

    exit_code = 2


class UnreadableInput(SkjError):
    """The file is missing, empty, or not text (binary, undecodable)."""

    exit_code = 3


class NotADecree(SkjError):
    """The text reads fine but is not a Standar Kompetensi Jabatan decree."""

    exit_code = 4


class MissingPart(SkjError):
    """An SKJ decree, but a part every decree has (a jenjang section, its tables) is missing."""

    exit_code = 5


class OutputError(SkjError):
    """The output folder could not be written."""

    exit_code = 6


class MissingDependency(SkjError):
    """A program the input needs is not installed (Tesseract, its Indonesian language pack)."""

    exit_code = 7


class StageFailed(SkjError):
    """A stage met something in this decree it has no rule for (an unexpected exception inside the
    reading): reported on one line naming the stage, with the traceback kept for the bug report."""

    exit_code = 8

    def __init__(self, stage: str, exc: BaseException, *, source: str | None = None, log: str | None = None):
        where = f"; traceback in {log}" if log else ""
        super().__init__(f"stage '{stage}' could not read this decree ({type(exc).__name__}: {exc}){where}",
                         source=source)
        self.stage = stage


class ClusterError(SkjError):
    """`--scheduler`: the Dask cluster cannot be reached, has no workers, or a worker cannot run a decree
    as this process would (it cannot read the file at the path given, or runs other code, reference
    data or Tesseract), or lost the decree's task more often than the scheduler allows."""

    exit_code = 9


class Interrupted(BaseException):
    """The run was told to stop (SIGTERM, SIGHUP): raised in the main thread by the command line's
    signal handler, so that every `finally` runs (OCR workers stopped, staging folders removed).
    A BaseException, like KeyboardInterrupt: no `except Exception` mistakes it for a decree's failure."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
