"""Harvesters: gather → fetch → normalize → import, per source type."""
