"""Harvester test fixtures: a replay server over the recorded OAI-PMH responses."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvesters.testing.replay import (
    ReplayServer,
    Reply,
    add_pyoai_mapping,
    add_sickle_sample,
    add_zenodo_cassettes,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def no_sleep(seconds: float) -> None:
    """Waits are recorded by the client (``http.waits``); tests need not sit through them."""


@pytest.fixture
def replay():
    with ReplayServer() as server:
        yield server


@pytest.fixture
def sickle_server(replay, shared_data):
    add_sickle_sample(replay, shared_data / "oai-pmh" / "sickle-sample_data")
    return replay


@pytest.fixture
def dspace_server(replay, shared_data):
    add_pyoai_mapping(replay, shared_data / "oai-pmh" / "pyoai-dspace-eur" / "fake1")
    add_pyoai_mapping(replay, shared_data / "oai-pmh" / "pyoai-dspace-eur" / "fake2")
    return replay


@pytest.fixture
def zenodo_server(replay, shared_data):
    add_zenodo_cassettes(replay, shared_data / "oai-pmh" / "zenodo-oaipmh-scythe-cassettes")
    return replay


def add_lom_feed(replay: ReplayServer) -> ReplayServer:
    """The recorded LOM feed (``fixtures/lom``: two ListRecords pages) on ``replay``."""
    folder = FIXTURES / "lom"
    replay.add({"verb": "Identify"}, Reply(folder / "Identify.xml"))
    replay.add({"verb": "ListMetadataFormats"}, Reply(folder / "ListMetadataFormats.xml"))
    replay.add(
        {"verb": "ListRecords", "metadataPrefix": "lom"}, Reply(folder / "ListRecords-1.xml")
    )
    replay.add(
        {"verb": "ListRecords", "resumptionToken": "lom-page-2"},
        Reply(folder / "ListRecords-2.xml"),
    )
    return replay


@pytest.fixture
def lom_server(replay):
    return add_lom_feed(replay)
