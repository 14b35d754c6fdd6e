"""The materials_changed receiver: records changes in chunks, never fails the sender."""

import dataclasses

import pytest

from catalog.materials.services import material_upsert
from catalog.teachers import receivers, services
from catalog.teachers.models import UpstreamChange
from catalog.teachers.services import upstream
from harvesters.demo import DEMO_SOURCE_KEY

from .test_services import _record_of

pytestmark = pytest.mark.django_db


def test_receiver_handles_ids_in_chunks(real, teacher, monkeypatch):
    fork = services.adaptation_fork(teacher, real["by-sa"])
    material_upsert(
        DEMO_SOURCE_KEY, dataclasses.replace(_record_of(real["by-sa"]), title="Retitled")
    )  # outside captured on_commit: the signal is not sent yet
    monkeypatch.setattr(receivers, "CHUNK", 2)
    ids = [m.pk for m in real.values()]
    receivers.on_materials_changed("catalog", ids=ids)
    assert UpstreamChange.objects.get(source__adaptation=fork).new_value == "Retitled"


def test_receiver_failure_is_logged_not_raised(real, teacher, monkeypatch, caplog):
    services.adaptation_fork(teacher, real["by"])

    def boom(ids):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(upstream, "upstream_changes_record", boom)
    receivers.on_materials_changed("catalog", ids=[real["by"].pk])
    assert "recording upstream changes" in caplog.text
