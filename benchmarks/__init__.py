"""Side-by-side load benchmarks: the mock against a bare Starlette ceiling and Prism.

Run `python -m benchmarks.run --help`; see the README's Performance section."""
