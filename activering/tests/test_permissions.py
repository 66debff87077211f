"""``client_ip``: the address written to the audit log and used by the login lockout."""

from __future__ import annotations

from django.test import RequestFactory

import pytest

from activering.permissions import client_ip


def verzoek(xff: str | None = None, remote: str = "10.0.0.9"):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


def test_without_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(verzoek("203.0.113.7")) == "10.0.0.9"


@pytest.mark.parametrize(
    ("aantal", "xff", "verwacht"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        # The client sent its own X-Forwarded-For: the proxy appended the real address.
        (1, "1.1.1.1, 203.0.113.7", "203.0.113.7"),
        (2, "1.1.1.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        # Missing, too short or malformed: the address of the proxy itself.
        (1, None, "10.0.0.9"),
        (2, "203.0.113.7", "10.0.0.9"),
        (1, "niet-een-adres", "10.0.0.9"),
        (1, "1.1.1.1, <script>", "10.0.0.9"),
    ],
)
def test_behind_trusted_proxies_the_address_the_outermost_one_saw(settings, aantal, xff, verwacht):
    settings.TRUSTED_PROXY_COUNT = aantal
    assert client_ip(verzoek(xff)) == verwacht
