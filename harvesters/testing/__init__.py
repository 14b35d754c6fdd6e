"""Test and benchmark helpers (a replay server for recorded responses). No mocks."""
