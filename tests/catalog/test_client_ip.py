"""The client address every per-address limit uses, and its stored hash."""

from django.test import RequestFactory, override_settings

from catalog.client_ip import client_ip, client_ip_hash


def _request(**meta):
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_a_forwarded_header_is_ignored():
    request = _request(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert client_ip(request) == "203.0.113.7"


@override_settings(OER_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_claims():
    request = _request(
        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7"
    )  # the client claimed 10.9.9.9; the proxy appended the address it saw
    assert client_ip(request) == "203.0.113.7"


@override_settings(OER_TRUSTED_PROXIES=2)
def test_a_shorter_forwarded_chain_than_the_proxies_falls_back_to_the_socket():
    request = _request(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(request) == "127.0.0.1"


def test_the_hash_is_stable_per_address_and_hides_it():
    one, again = _request(REMOTE_ADDR="203.0.113.7"), _request(REMOTE_ADDR="203.0.113.7")
    other = _request(REMOTE_ADDR="198.51.100.9")
    assert client_ip_hash(one) == client_ip_hash(again) != client_ip_hash(other)
    assert "203.0.113" not in client_ip_hash(one) and len(client_ip_hash(one)) == 64
