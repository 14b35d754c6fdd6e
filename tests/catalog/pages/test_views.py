"""The material page's route (``catalog.pages.views``, ahead of Wagtail's catch-all): few
queries, Wagtail's choice of site and page, and privacy settings still apply."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db.models import Q
from django.test import RequestFactory
from django.urls import resolve
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from catalog.licenses.models import License
from catalog.materials.models import Material, MaterialSource
from catalog.materials.records import MaterialRecord
from catalog.materials.selectors import material_get_public
from catalog.materials.services import material_upsert, material_withdraw
from catalog.pages import views
from catalog.pages.compiled import CompiledQuery
from catalog.pages.models import HomePage, MaterialIndexPage, material_for_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def material():
    record = MaterialRecord(
        remote_id="route-1", title="Tide pools", url="https://example.org/t", grades=("3",)
    )
    return material_upsert("src", record).material


def test_material_page_runs_ten_queries(client, material, django_assert_max_num_queries):
    # The site with its materials index's id, the index page with "restricted?" (the view
    # restrictions themselves only when there are some); the material, its sources; its
    # standards, its suggested standards and the published approved lists; the similar
    # materials section (list memberships, the neighbours, their standards).
    assert resolve(material.get_absolute_url()).func is views.material_page
    client.get(material.get_absolute_url())  # first request: caches of the site and templates
    with django_assert_max_num_queries(10):
        response = client.get(material.get_absolute_url())
    assert response.status_code == 200 and b"Tide pools" in response.content


@pytest.mark.parametrize("restricted", [MaterialIndexPage, HomePage])
def test_a_login_restriction_on_the_page_or_an_ancestor_still_applies(client, material, restricted):
    page = restricted.objects.get()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(material.get_absolute_url())
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_restriction_elsewhere_in_the_tree_does_not(client, material):
    home = HomePage.objects.get()
    other = home.add_child(instance=Page(title="About", slug="about"))
    PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(material.get_absolute_url()).status_code == 200
    assert client.get("/about/").status_code == 302  # other children still route, restricted


@pytest.fixture
def licensed(material):
    """The material with a licence and two sources, as harvested materials have."""
    lic = License.objects.create(
        key="CC-BY-SA-4.0",
        title="Creative Commons Attribution-ShareAlike 4.0 International",
        short_name="CC BY-SA 4.0",
        family="cc",
        code="by-sa",
        version="4.0",
        uri="https://creativecommons.org/licenses/by-sa/4.0/",
        share_alike=True,
    )
    Material.objects.filter(pk=material.pk).update(license=lic)
    material_upsert(
        "other-src", MaterialRecord(remote_id="r-2", title="Tide pools", url=material.url)
    )
    assert MaterialSource.objects.filter(material=material).count() == 2
    material.refresh_from_db()
    return material


def test_a_licensed_material_with_sources_stays_within_thirteen_queries(
    client, licensed, django_assert_max_num_queries
):
    client.get(licensed.get_absolute_url())
    with django_assert_max_num_queries(13):
        response = client.get(licensed.get_absolute_url())
    assert response.status_code == 200
    assert b"CC BY-SA 4.0" in response.content
    assert b">Src<" in response.content and b">Other Src<" in response.content


def test_the_page_reads_what_the_orm_reads(licensed):
    page_material = material_for_page(licensed.slug)
    orm_material = material_get_public(licensed.slug)
    fields = [f.attname for f in Material._meta.concrete_fields]
    assert [getattr(page_material, f) for f in fields] == [getattr(orm_material, f) for f in fields]
    assert page_material.license == orm_material.license
    assert page_material.license.aliases == orm_material.license.aliases
    assert material_for_page("no-such-slug") is None
    material_withdraw(licensed, "gone")
    assert material_for_page(licensed.slug) is None


def test_unknown_and_withdrawn_materials_are_404(client, material):
    assert client.get("/materials/no-such-material/").status_code == 404
    material_withdraw(material, "gone")
    assert client.get(material.get_absolute_url()).status_code == 404


def test_a_private_materials_index_hides_the_page_behind_a_password(client, material):
    PageViewRestriction.objects.create(
        page=MaterialIndexPage.objects.get(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="s3cret",
    )
    response = client.get(material.get_absolute_url())
    assert response.status_code == 200 and b"Tide pools" not in response.content
    assert b"password" in response.content.lower()
    assert "no-cache" in response["Cache-Control"]


def test_a_group_restriction_hides_the_page_from_other_users(client, material, django_user_model):
    restriction = PageViewRestriction.objects.create(
        page=MaterialIndexPage.objects.get(), restriction_type=PageViewRestriction.GROUPS
    )
    group = Group.objects.create(name="Members")
    restriction.groups.add(group)
    assert client.get(material.get_absolute_url()).status_code == 302
    user = django_user_model.objects.create_user("member", password="pw-Str0ng-enough!")
    client.force_login(user)
    assert client.get(material.get_absolute_url()).status_code == 302  # not in the group
    user.groups.add(group)
    response = client.get(material.get_absolute_url())
    assert response.status_code == 200 and b"Tide pools" in response.content
    assert "no-cache" in response["Cache-Control"]  # as Wagtail marks restricted pages


def test_an_unpublished_materials_index_hides_its_materials(client, material):
    MaterialIndexPage.objects.get().unpublish()
    assert client.get(material.get_absolute_url()).status_code == 404


def test_the_index_page_under_another_slug_is_routed_by_wagtail(client, material):
    index = MaterialIndexPage.objects.get()
    index.slug = "resources"
    index.save()
    assert client.get(material.get_absolute_url()).status_code == 404
    response = client.get(f"/resources/{material.slug}/")
    assert response.status_code == 200 and b"Tide pools" in response.content


@pytest.fixture
def sites(settings):
    """Sites as Wagtail's choice among them needs: a default site, a host on two ports, a host
    whose root has no materials index."""
    settings.ALLOWED_HOSTS = ["*"]
    home = HomePage.objects.get()
    other_root = Page.get_first_root_node().add_child(instance=Page(title="Other", slug="other"))
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    Site.objects.create(hostname="two.example", port=80, root_page=home)
    Site.objects.create(hostname="two.example", port=8080, root_page=other_root)
    Site.objects.create(hostname="other.example", port=80, root_page=other_root)
    return home, other_root


HOSTS = [
    ("localhost", 80),
    ("localhost", 8000),
    ("two.example", 80),
    ("two.example", 8080),
    ("two.example", 9000),
    ("other.example", 80),
    ("other.example", 443),
    ("unknown.example", 80),
]


@pytest.mark.parametrize("hostname,port", HOSTS)
def test_the_site_is_the_one_wagtail_chooses(sites, hostname, port):
    try:
        expected = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        expected = None
    chosen = views._choose_site(views.SITES.all(hostname), hostname, port)
    assert (chosen and chosen.pk) == (expected and expected.pk)


@pytest.mark.parametrize("hostname,port", HOSTS)
def test_the_route_is_the_one_wagtail_finds(client, sites, material, hostname, port):
    """Through this view and through Wagtail's own serve view, the same answer."""
    from wagtail.views import serve

    home, _ = sites
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    if hostname != "unknown.example":
        Site.objects.filter(hostname="localhost").update(is_default_site=True)
    url = material.get_absolute_url()
    ours = client.get(url, headers={"host": f"{hostname}:{port}"})
    request = RequestFactory().get(url, headers={"host": f"{hostname}:{port}"})
    request.user = ours.wsgi_request.user
    try:
        theirs = serve(request, url.strip("/") + "/").status_code
    except Exception as exc:  # noqa: BLE001 - Http404, as the handler turns into a 404
        theirs = 404 if exc.__class__.__name__ == "Http404" else exc
    assert ours.status_code == theirs


def _index_page_says_restricted() -> bool:
    index = MaterialIndexPage.objects.get()
    return views.INDEX_PAGE.get(index.pk).has_view_restrictions


def test_restricted_or_not_as_get_view_restrictions_says(material):
    index = MaterialIndexPage.objects.get()
    home = HomePage.objects.get()
    assert not _index_page_says_restricted()
    other = home.add_child(instance=Page(title="About", slug="about"))
    PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
    assert not _index_page_says_restricted()  # a sibling's restriction
    assert not list(index.get_view_restrictions())
    for page in (index, home, Page.get_first_root_node()):
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
        assert _index_page_says_restricted()
        assert list(MaterialIndexPage.objects.get().get_view_restrictions()) == [restriction]
        restriction.delete()


def test_an_alias_answers_for_its_original(client, material, settings):
    """A materials index that is an alias (here on a second site) is restricted when its
    original is."""
    settings.ALLOWED_HOSTS = ["*"]
    index = MaterialIndexPage.objects.get()
    other_root = Page.get_first_root_node().add_child(instance=Page(title="Other", slug="other"))
    alias = index.create_alias(parent=other_root)
    Site.objects.create(hostname="other.example", port=80, root_page=other_root)
    url = material.get_absolute_url()
    assert client.get(url, headers={"host": "other.example"}).status_code == 200
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert views.INDEX_PAGE.get(alias.pk).has_view_restrictions
    assert client.get(url, headers={"host": "other.example"}).status_code == 302


def test_compiled_queries_refuse_what_raw_cannot_run(material):
    both = CompiledQuery(lambda s: Material.objects.filter(Q(slug=s) | Q(title=s)), str)
    with pytest.raises(ValueError, match="2 times"):
        both.get(material.slug)
    joined = CompiledQuery(lambda s: Material.objects.select_related("license").filter(slug=s), str)
    with pytest.raises(ValueError, match="select_related"):
        joined.get(material.slug)
    by_slug = CompiledQuery(lambda s: Material.objects.filter(slug=s), str)
    assert by_slug.get(material.slug) == material and by_slug.get("nope") is None
