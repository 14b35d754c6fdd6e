"""Sentence vectors of the indexed materials: derived data, like the lexical index.

``text`` says what of a document is embedded; ``store`` keeps one vector per material in a
SQLite file (plus a cache keyed by the embedded text's hash, so a rebuild re-embeds only what
changed); ``matrix`` holds the store in memory for nearest-neighbour search (the embedded
engine, similar materials); ``consumer`` is the outbox consumer ``"embeddings"`` that keeps
the vectors current in the background and pushes them to an engine that stores its own.
"""
