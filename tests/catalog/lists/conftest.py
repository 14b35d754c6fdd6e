"""Fixtures for approved lists: roles with the lists grants, people, a grade 3–5 mathematics
list, and real OER Commons materials (from the demo fixture) under several licenses."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.licenses.services import license_registry_load
from catalog.lists.models import ApprovedListPage, Rubric
from catalog.lists.rubric_data import ACHIEVE, ACHIEVE_SLUG

# License URL (as OER Commons writes it) → name used in tests.
WANTED = {
    "by": "https://creativecommons.org/licenses/by/4.0/",
    "by-sa": "https://creativecommons.org/licenses/by-sa/4.0/",
    "by-nc": "https://creativecommons.org/licenses/by-nc/4.0/",
    "by-nc-nd": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
}


SUBSET_KEYS = {"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-ND-4.0", "CC-BY-NC-SA-4.0"}


@functools.cache
def _registry_subset() -> Path:
    """The real registry data file cut to the licenses these tests use (loading all of it
    takes over a second per test)."""
    from catalog.licenses.services import DATA_FILE

    data = json.loads(DATA_FILE.read_text("utf-8"))
    data["licenses"] = [row for row in data["licenses"] if row["key"] in SUBSET_KEYS]
    path = Path(tempfile.mkdtemp()) / "licenses-subset.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def load_license_registry() -> None:
    """The real registry's data file, cut to the licenses these tests use."""
    license_registry_load(_registry_subset())


@functools.cache
def demo_records(per_license: int = 1):
    """Real records from the shipped OER Commons demo fixture, ``per_license`` of each license."""
    from harvesters.demo import DEMO_CSV
    from harvesters.normalizers.oer_commons_csv import RowError, normalize_row

    picked: dict[str, list] = {code: [] for code in WANTED}
    with DEMO_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            try:
                record = normalize_row(row)
            except RowError:
                continue
            for code, url in WANTED.items():
                if record.license_raw == url and len(picked[code]) < per_license:
                    picked[code].append(record)
            if all(len(v) == per_license for v in picked.values()):
                break
    return picked


def ensure_migrated_data():
    """Data that migrations create (site tree, Achieve rubrics) is flushed by transactional
    tests that ran before; put it back when missing."""
    from wagtail.models import Locale, Page, Site

    from catalog.lists.services.rubrics import rubric_load
    from catalog.pages.models import HomePage

    if not Rubric.objects.filter(slug=ACHIEVE_SLUG).exists():
        rubric_load(ACHIEVE)
    if not HomePage.objects.exists():
        Locale.objects.get_or_create(language_code="en")
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
        home = root.add_child(instance=HomePage(title="OER Registry", slug="home"))
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return HomePage.objects.first()


@pytest.fixture
def roles(db):
    """The project's roles as the site's migrations and ``roles_sync`` set them (the lists
    grants and the curators' page permissions included)."""
    from catalog.pages.roles import roles_sync

    ensure_migrated_data()
    roles_sync()
    return {g.name: g for g in Group.objects.all()}


def _user(username: str, group, **extra):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password="pw-Secret-123", **extra
    )
    if group is not None:
        user.groups.add(group)
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def curator(roles):
    return _user("carla", roles["Curators"], first_name="Carla", last_name="Curator")


@pytest.fixture
def reviewer(roles):
    return _user("rita", roles["Reviewers"], first_name="Rita", last_name="Reviewer")


@pytest.fixture
def reviewer2(roles):
    return _user("ravi", roles["Reviewers"], first_name="Ravi", last_name="Reviewer")


@pytest.fixture
def teacher(roles):
    return _user("tom", roles["Teachers"])


@pytest.fixture
def materials(db):
    """{license code: Material} for real demo records, licenses resolved by the registry."""
    from catalog.materials.services import material_upsert

    load_license_registry()
    picked = demo_records()
    return {
        code: material_upsert("oer-commons-demo", recs[0]).material for code, recs in picked.items()
    }


def add_math_list_page(home) -> ApprovedListPage:
    """Washington's Mathematics grades 3–5 list under ``home``: live, without a revision
    (``list_publish`` makes one)."""
    page = ApprovedListPage(
        title="Mathematics grades 3–5",
        slug="math-3-5",
        jurisdiction="US-WA",
        subject="Mathematics",
        grade_min=3,
        grade_max=5,
        effective_date=dt.date(2026, 7, 1),
        expiry_date=dt.date(2029, 6, 30),
        criteria="<p>Aligned to the Common Core State Standards for Mathematics.</p>",
    )
    home.add_child(instance=page)
    return ApprovedListPage.objects.get(pk=page.pk)


@pytest.fixture
def list_page(db):
    return add_math_list_page(ensure_migrated_data())


def full_scores(score=3, comment="Meets the criterion"):
    """Scores for every Achieve rubric I–VIII."""
    numbers = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    return {n: (score, f"{comment} ({n})") for n in numbers}
