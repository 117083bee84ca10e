"""Developer tools, run from a checkout and never installed: fixture typesetter, scan simulator,
scoring and benchmarks (`python -m tools.score`, `python -m tools.bench`, ...)."""
