"""Standards importers: one module per source format, each a pure parser returning a
``ParsedFramework``; ``writer`` stores one atomically; ``sources`` reads paths and URLs."""
