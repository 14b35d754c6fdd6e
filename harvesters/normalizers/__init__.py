"""Normalizers: pure functions from a stored raw payload to a ``MaterialRecord``."""
