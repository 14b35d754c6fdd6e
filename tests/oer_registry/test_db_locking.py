"""On SQLite a write request that meets another writer's lock waits its turn, never a 500.

A second real connection (its own thread) holds a write transaction on the file test database
while a teacher saves a material into a collection. The busy timeout is set to zero so the
first attempt meets "database is locked" at once; the middleware's backoff (an injected sleep)
is where the other writer commits, and the retried request then succeeds.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.db import connection

from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from catalog.teachers import services as teacher_services
from catalog.teachers.models import Collection
from oer_registry import db_retry

# Collected on SQLite only (tests/oer_registry/conftest.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class OtherWriter:
    """A second connection in its own thread that holds a write transaction until released."""

    def __init__(self, path: str):
        self.path = path
        self.locked = threading.Event()
        self.release = threading.Event()
        self.released = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE wagtailcore_site SET site_name = site_name")
            self.locked.set()
            self.release.wait(30)
            conn.execute("COMMIT")
        finally:
            conn.close()
            self.released.set()

    def __enter__(self):
        self.thread.start()
        assert self.locked.wait(30), "the other writer never took the lock"
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(30)


@pytest.fixture
def saving_teacher(client):
    material = material_upsert(
        "locktest",
        MaterialRecord(remote_id="l-1", title="Fractions", url="https://example.org/frac"),
    ).material
    teacher = teacher_services.teacher_signup(
        username="ana", email="ana@example.org", password="pw-Str0ng-enough!"
    )
    client.force_login(teacher)
    return client, material, teacher


@pytest.fixture
def no_busy_wait():
    """The first write attempt fails at once instead of waiting out the busy timeout."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 0")
    yield
    connection.close()  # the next test connects afresh, with the configured timeout


def test_a_save_during_another_write_succeeds_once_the_lock_is_released(
    saving_teacher, no_busy_wait, monkeypatch
):
    client, material, teacher = saving_teacher
    backoffs = []
    with OtherWriter(connection.settings_dict["NAME"]) as writer:

        def sleep(seconds):  # the backoff: the other writer finishes meanwhile
            backoffs.append(seconds)
            writer.release.set()
            assert writer.released.wait(30)

        monkeypatch.setattr(db_retry, "sleep", sleep)
        response = client.post(f"/save/{material.slug}/", {"new_title": "Unit 1", "note": ""})

    assert response.status_code == 302
    assert len(backoffs) == 1
    collection = Collection.objects.get(owner=teacher)
    assert [i.material_id for i in collection.items.all()] == [material.pk]


def test_a_lock_that_outlasts_the_retries_is_a_503_with_retry_after(
    saving_teacher, no_busy_wait, monkeypatch
):
    client, material, teacher = saving_teacher
    backoffs = []
    monkeypatch.setattr(db_retry, "sleep", backoffs.append)
    with OtherWriter(connection.settings_dict["NAME"]):
        response = client.post(f"/save/{material.slug}/", {"new_title": "Unit 1", "note": ""})

    assert response.status_code == 503
    assert response["Retry-After"] == str(db_retry.RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert "Your change was not saved." in page
    assert f"send it again in {db_retry.RETRY_AFTER_SECONDS} seconds" in page
    assert len(backoffs) == db_retry.RETRIES
    assert not Collection.objects.filter(owner=teacher).exists()  # nothing half-written


def test_reads_are_not_wrapped(saving_teacher, no_busy_wait):
    client, material, _ = saving_teacher
    with OtherWriter(connection.settings_dict["NAME"]):
        assert client.get(f"/save/{material.slug}/").status_code == 200  # WAL: readers go on
