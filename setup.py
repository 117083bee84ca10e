"""Build step: the wheel carries a copy of the expectation suites.

`expectations/` at the project root stays their source of truth (people edit it there);
at build time its suites are copied into the built package as `pipeline/data/expectations/`,
where `validate.expectations_dir()` finds them in an installed copy. Everything else is in
pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithSuites(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "pipeline" / "data" / "expectations"
        self.mkpath(str(target))
        for suite in sorted(Path(__file__).parent.joinpath("expectations").glob("*.json")):
            self.copy_file(str(suite), str(target / suite.name))


setup(cmdclass={"build_py": BuildWithSuites})
