"""Benchmarks and test corpus for fiscaldoc (not part of the installed package)."""
