"""Validera benchmarks: a large generated dataset and page timings against the floor."""
