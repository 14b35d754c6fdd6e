"""A harvester type is one registered ``Gatherer``: the source type choices, the default
format, the format check and the run's gatherer all follow from ``@register``."""

import pytest
from django.core.exceptions import ValidationError

import harvesters.sources as sources
from harvesters.models import HarvestSource
from harvesters.services.sources import harvest_source_create
from harvesters.sources import Checkpoint, Gatherer, RawItem, gatherer_for, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    """The registry as the built-in modules leave it, restored after the test."""
    before = sources.gatherers()
    yield
    sources._REGISTRY.clear()
    sources._REGISTRY.update(before)


def test_the_built_in_types_keep_their_stored_values_and_defaults():
    assert {key: cls.default_format for key, cls in sources.gatherers().items()} == {
        "oai-pmh": "oai_dc",
        "csv": "oer_commons_csv",
        "json-api": "openstax",
        "jsonld": "jsonld",
    }


def test_one_registration_makes_a_new_type_usable(registry):
    @register
    class ListGatherer(Gatherer):
        type = "static-list"
        label = "A fixed list"
        default_format = "jsonld"
        formats = ("jsonld",)

        def __init__(self, source, checkpoint, *, full, policy, sleep=None, tick=None):
            self.source = source

        def __iter__(self):
            yield RawItem("x", b"{}")
            yield Checkpoint({})

    choices = dict(HarvestSource._meta.get_field("type").choices)
    assert choices["static-list"] == "A fixed list"
    source = harvest_source_create("fixed", "static-list", "https://example.org/list")
    assert source.metadata_format == "jsonld"
    assert gatherer_for(source.type) is ListGatherer


def test_registration_needs_a_type_label_and_a_default_among_the_formats(registry):
    class Nameless(Gatherer):
        label, default_format, formats = "x", "jsonld", ("jsonld",)

    class OffList(Gatherer):
        type, label, default_format, formats = "off", "Off", "lom", ("jsonld",)

    class Taken(Gatherer):
        type, label, default_format, formats = "csv", "Again", "jsonld", ("jsonld",)

    for cls in (Nameless, OffList, Taken):
        with pytest.raises(TypeError):
            register(cls)
    assert sources.gatherers()["csv"].__name__ == "TabularGatherer"


def test_a_format_the_type_does_not_yield_is_refused():
    with pytest.raises(ValidationError, match="metadata_format"):
        harvest_source_create("odd", "csv", "/tmp/x.csv", metadata_format="lom")
    with pytest.raises(ValueError, match="unknown source type"):
        harvest_source_create("odd", "rss", "https://example.org/feed")
    assert not HarvestSource.objects.exists()
