"""Fixtures for the teachers app: the real license registry, real OER Commons records (one per
license family, picked from the demo fixture), teachers and a curator."""

from __future__ import annotations

import csv

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.materials.records import MaterialRecord
from catalog.materials.services import material_upsert
from catalog.teachers import services
from harvesters.demo import DEMO_CSV, DEMO_SOURCE_KEY
from harvesters.normalizers.oer_commons_csv import RowError, normalize_row

# Which demo row to take for each license: the first row whose LICENSE_URL contains this path.
WANTED = {
    "by": "/licenses/by/4.0",
    "by-sa": "/licenses/by-sa/4.0",
    "by-nc": "/licenses/by-nc/4.0",
    "by-nc-sa": "/licenses/by-nc-sa/4.0",
    "by-nd": "/licenses/by-nd/4.0",
    "by-nc-nd": "/licenses/by-nc-nd/4.0",
    "pdm": "/publicdomain/mark/1.0",
}


def _demo_rows() -> dict[str, list[dict]]:
    picked: dict[str, list[dict]] = {k: [] for k in WANTED}
    with DEMO_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            for name, needle in WANTED.items():
                if needle in row["LICENSE_URL"] and len(picked[name]) < 2:
                    picked[name].append(row)
    return picked


_ROWS = None


@pytest.fixture
def real(licenses) -> dict:
    return load_real()


def load_real() -> dict:
    """Real OER Commons materials by license: real["by-sa"], real["by-sa-2"] (a second one)…"""
    global _ROWS
    if _ROWS is None:
        _ROWS = _demo_rows()
    out = {}
    for name, rows in _ROWS.items():
        for i, row in enumerate(rows):
            try:
                record = normalize_row(row)
            except RowError:
                continue
            material = material_upsert(DEMO_SOURCE_KEY, record).material
            out[name if i == 0 else f"{name}-2"] = material
    out["arr"] = material_upsert(
        "test",
        MaterialRecord(
            remote_id="arr-1",
            title="Publisher's workbook",
            url="https://example.org/arr-workbook",
            license_raw="All rights reserved",
            authors=("Example Press",),
        ),
    ).material
    out["unknown"] = material_upsert(
        "test",
        MaterialRecord(remote_id="unk-1", title="Mystery handout", url="https://example.org/m"),
    ).material
    return out


def _user(username: str, **extra):
    return services.teacher_signup(
        username=username, email=f"{username}@example.org", password="pw-Str0ng-enough!", **extra
    )


@pytest.fixture
def teacher(db):
    return _user("ana", display_name="Ana Teacher")


@pytest.fixture
def other_teacher(db):
    return _user("ben", display_name="Ben Teacher")


@pytest.fixture
def curator(db):
    user = get_user_model().objects.create_user(
        "cora", "cora@example.org", "pw-Str0ng-enough!", is_staff=True
    )
    user.groups.add(Group.objects.get_or_create(name=services.CURATORS_GROUP)[0])
    return user


@pytest.fixture
def ana(client, teacher):
    client.force_login(teacher)
    return client


@pytest.fixture
def ben_client(other_teacher):
    from django.test import Client

    c = Client()
    c.force_login(other_teacher)
    return c


@pytest.fixture
def curator_client(curator):
    from django.test import Client

    c = Client()
    c.force_login(curator)
    return c
