"""A harvest keeps the search index current: the index outbox its chunks fill is drained by a
background thread while it goes on, and the harvest returns only once everything it wrote is
searchable; with the engine down, the ids stay queued and the harvest still succeeds."""

import logging

import pytest
from django.conf import settings
from django.test import override_settings

from catalog.materials.models import IndexOutbox, Material, MaterialStatus
from catalog.materials.signals import announce_materials_changed
from harvesters.services import harvest_source_create, harvest_source_run
from search import indexing, service
from search.query import SearchQuery

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_harvest_returns_with_everything_it_wrote_searchable(lom_server, live_search_index):
    source = harvest_source_create("oer-lom", "oai-pmh", lom_server.url, metadata_format="lom")
    run = harvest_source_run(source)
    assert run.status == "succeeded" and run.created > 0
    service.index_refresh()
    status = service.index_status()
    active = Material.objects.filter(status=MaterialStatus.ACTIVE)
    assert status["documents"] == active.count() == run.created
    material = active.order_by("pk").last()
    found = service.search(SearchQuery.build(material.title, per_page=50))
    assert material.pk in [hit.id for hit in found.hits]


def test_changes_in_the_block_are_indexed_by_the_end_of_it(lom_server, live_search_index):
    source = harvest_source_create("oer-lom", "oai-pmh", lom_server.url, metadata_format="lom")
    with override_settings(OER_SEARCH={**settings.OER_SEARCH, "INDEX_ON_CHANGE": False}):
        harvest_source_run(source)  # written, not indexed
    service.index_refresh()
    assert service.index_status()["documents"] == 0
    ids = list(Material.objects.values_list("pk", flat=True))
    with indexing.draining_in_background():  # noqa: SIM117 - nesting is what is tested
        with indexing.draining_in_background():  # nested: the same drainer
            for start in range(0, len(ids), 3):
                announce_materials_changed(ids[start : start + 3])
    service.index_refresh()
    assert service.index_status()["documents"] == len(ids)


def test_an_unreachable_engine_is_logged_and_the_harvest_still_succeeds(lom_server, caplog):
    down = {
        **settings.OER_SEARCH,
        "ENGINE": "elasticsearch",
        "ELASTICSEARCH_URL": "http://127.0.0.1:9",  # nothing listens on the discard port
        "TIMEOUT": 1,
        "INDEX_ON_CHANGE": True,
    }
    source = harvest_source_create("oer-lom", "oai-pmh", lom_server.url, metadata_format="lom")
    with override_settings(OER_SEARCH=down), caplog.at_level(logging.WARNING):
        run = harvest_source_run(source)
    assert run.status == "succeeded" and Material.objects.count() == run.created > 0
    assert "kept for a retry" in caplog.text
    queued = IndexOutbox.objects.filter(index=indexing.LEXICAL)
    assert queued.count() == run.created  # nothing lost: indexed once the engine is back
    assert queued.filter(attempts__gt=0).exists()
