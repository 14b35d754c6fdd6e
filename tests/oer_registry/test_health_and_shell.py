import pytest
from django.conf import settings


@pytest.mark.django_db
def test_healthz_reports_database_and_search_engine(client):
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["search"]["ok"] is True
    assert body["search"]["engine"] == settings.OER_SEARCH["ENGINE"]


@pytest.mark.django_db
def test_healthz_reports_unreachable_elasticsearch(client, settings):
    settings.OER_SEARCH = {
        **settings.OER_SEARCH,
        "ENGINE": "elasticsearch",
        "ELASTICSEARCH_URL": "http://127.0.0.1:9",
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["search"]["ok"] is False and body["search"]["error"]


@pytest.mark.django_db
def test_home_page_is_accessible_shell(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert 'role="search"' in html
    assert '<label for="header-q"' in html and 'id="header-q"' in html
    assert '<nav aria-label="Main">' in html


@pytest.mark.django_db
def test_unknown_page_gets_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


@pytest.mark.django_db
def test_server_error_page_is_friendly(rf):
    from oer_registry.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
