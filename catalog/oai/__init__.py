"""OAI-PMH 2.0 data provider (the `catalog.oai` app) for the whole catalog, with one set per
published list.

``protocol`` parses and validates a request into a typed ``OAIRequest`` (or raises the
``OAIError`` naming the protocol error code); ``records`` selects headers and records;
``xml`` writes the response; ``views.oai`` glues them together.
"""
