"""The catalog domain: licenses, materials, standards and the public pages.

Each part is a small Django app with its own migrations (``catalog.licenses``,
``catalog.materials``, ``catalog.standards``, ``catalog.pages``). ``catalog`` imports neither
``harvesters`` nor ``search``: it announces changes with ``materials_changed`` instead.
"""
