"""Synthetic corpora for scale tests and benchmarks: ``rlist synth``."""
