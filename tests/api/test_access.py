"""Who may call the API, against `dragoman serve`: tokens revoked, failures throttled as admin logins are, CSRF
for session requests and not for token requests. A server of its own: its throttle counts this address."""

import re

import httpx
import pytest

from tests.api.live import PASSWORD, LiveDragoman

pytestmark = pytest.mark.slow  # a server in a process of its own


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveDragoman(tmp_path_factory.mktemp("api-access"))
    try:
        yield live.start()
    finally:
        live.stop()


def test_a_session_request_needs_its_csrf_token_and_a_token_request_does_not(server):
    with httpx.Client(base_url=server.url, timeout=30) as browser:
        form = browser.get("/admin/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        signed_in = browser.post("/admin/login/?next=/admin/", data={"username": "boss", "password": PASSWORD,
                                                                     "csrfmiddlewaretoken": csrf})  # fmt: skip
        assert signed_in.status_code == 302
        assert browser.get("/api/v1/glossary").status_code == 200
        term = {"target_language": "es", "source": "Session", "target": "Sesión"}
        refused = browser.post("/api/v1/glossary", json=term)
        assert refused.status_code == 403 and refused.json()["code"] == "csrf"
        assert browser.get("/api/v1/glossary").json() == []
        allowed = browser.post("/api/v1/glossary", json=term, headers={"X-CSRFToken": browser.cookies["csrftoken"]})
        assert allowed.status_code == 201, allowed.text
    with server.client() as api:  # a token request: no cookie, no CSRF token, accepted
        assert api.post("/glossary", json={"target_language": "es", "source": "Token", "target": "Ficha"}).status_code == 201


def test_a_revoked_token_is_refused(server):
    token = server.dragoman("tokens", "create", "--user", "ed", "--name", "a script").stdout.strip()
    listed = server.dragoman("tokens", "list", "--format", "tsv").stdout
    (row,) = [line for line in listed.splitlines() if "a script" in line]
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{server.url}/api/v1/translations", headers=headers).status_code == 200
    server.dragoman("tokens", "revoke", row.split("\t")[0])
    refused = httpx.get(f"{server.url}/api/v1/translations", headers=headers)
    assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"


def test_bad_tokens_are_throttled_like_failed_logins(server):
    """Last in the module: from here on this address must wait."""
    answers = [httpx.get(f"{server.url}/api/v1/sources", headers={"Authorization": f"Bearer drg_guess{n}"}) for n in range(5)]
    statuses = [a.status_code for a in answers]
    assert statuses[0] == 401 and 429 in statuses, statuses  # a few failures are free, then the address waits
    assert set(statuses[: statuses.index(429)]) == {401} and set(statuses[statuses.index(429):]) == {429}
    throttled = answers[-1]
    assert throttled.status_code == 429 and throttled.json()["code"] == "throttled"
    assert int(throttled.headers["Retry-After"]) >= 1
    with server.client() as api:
        assert api.get("/sources").status_code == 429  # even a good token waits: the address is slowed down
