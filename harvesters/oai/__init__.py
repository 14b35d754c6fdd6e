"""OAI-PMH 2.0: a streaming, hardened client (client), parser (parser) and errors (errors)."""
