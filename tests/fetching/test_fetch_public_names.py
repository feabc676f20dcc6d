"""fetch() from public-looking sites, with the transport mocked by `responses`.

A public site cannot be served locally without the loopback switch, which would let a
redirect to 127.0.0.1 through. So here the transport is mocked (no socket opens) and the
fake resolver answers public addresses: what is tested is the check of each hop before
any connection, and which headers each hop receives.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from factcheck.fetching import FetchPolicy, UnsafeURLError, fetch
from tests.fetching.conftest import PUBLIC_V4, FakeResolver

POLICY = FetchPolicy()
SECRET = "Bearer s3cret-token"


@pytest.fixture
def mock() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as requests_mock:
        yield requests_mock


@pytest.fixture
def resolver() -> FakeResolver:
    return FakeResolver(
        {
            "public.example.com": [PUBLIC_V4],
            "other.example.net": ["2606:2800:220:1:248:1893:25c8:1946"],
            "rebind.example.com": ["10.0.0.5"],
            "cloud.example.com": [PUBLIC_V4, "169.254.169.254"],
        }
    )


def test_a_public_page_is_fetched(mock: responses.RequestsMock, resolver: FakeResolver) -> None:
    mock.get("http://public.example.com/story", body=b"<p>story</p>", content_type="text/html; charset=utf-8")
    result = fetch("HTTP://Public.Example.com/story#top", policy=POLICY, resolver=resolver)
    assert result.content == b"<p>story</p>"
    assert result.charset == "utf-8"
    assert result.final_url == "http://public.example.com/story"
    assert resolver.calls == ["public.example.com"]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://localhost/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/",
        "http://rebind.example.com/",
        "http://cloud.example.com/latest/meta-data/",
        "http://a@127.0.0.1/",
        "file:///etc/passwd",
        "ftp://public.example.com/",
        "gopher://public.example.com:70/",
        "http://public.example.com:6379/",
    ],
)
def test_a_public_page_redirecting_to_a_refused_target_is_stopped(
    mock: responses.RequestsMock, resolver: FakeResolver, status: int, location: str
) -> None:
    mock.get("http://public.example.com/go", status=status, headers={"Location": location})
    with pytest.raises(UnsafeURLError, match=r"^The page redirected to "):
        fetch("http://public.example.com/go", policy=POLICY, resolver=resolver)
    assert [call.request.url for call in mock.calls] == ["http://public.example.com/go"]


def test_credentials_stay_with_the_first_origin(mock: responses.RequestsMock, resolver: FakeResolver) -> None:
    mock.get(
        "http://public.example.com/a",
        status=302,
        headers={"Location": "/b", "Set-Cookie": "session=abc; Path=/"},
    )
    mock.get("http://public.example.com/b", status=307, headers={"Location": "https://other.example.net/c"})
    mock.get("https://other.example.net/c", body="landed", content_type="text/plain")

    fetch("http://public.example.com/a", policy=POLICY, resolver=resolver, headers={"Authorization": SECRET})

    first, same_origin, other_origin = (call.request.headers for call in mock.calls)
    assert first["Authorization"] == SECRET
    assert same_origin["Authorization"] == SECRET
    assert "session=abc" in same_origin["Cookie"]
    assert "Authorization" not in other_origin
    assert "Cookie" not in other_origin


def test_an_upgrade_to_https_is_another_origin(mock: responses.RequestsMock, resolver: FakeResolver) -> None:
    mock.get("http://public.example.com/", status=301, headers={"Location": "https://public.example.com/"})
    mock.get("https://public.example.com/", body="secure", content_type="text/html")
    fetch("http://public.example.com/", policy=POLICY, resolver=resolver, headers={"Authorization": SECRET})
    assert "Authorization" not in mock.calls[1].request.headers


def test_a_cross_origin_redirect_is_followed_when_safe(mock: responses.RequestsMock, resolver: FakeResolver) -> None:
    mock.get("https://public.example.com/", status=308, headers={"Location": "https://other.example.net/x"})
    mock.get("https://other.example.net/x", body="ok", content_type="text/html")
    result = fetch("https://public.example.com/", policy=POLICY, resolver=resolver)
    assert result.redirects == ["https://other.example.net/x"]
    assert resolver.calls == ["public.example.com", "other.example.net"]


def test_the_user_agent_comes_from_the_policy(mock: responses.RequestsMock, resolver: FakeResolver) -> None:
    mock.get("http://public.example.com/", body="ok", content_type="text/html")
    fetch("http://public.example.com/", policy=FetchPolicy(user_agent="Checker/2"), resolver=resolver)
    assert mock.calls[0].request.headers["User-Agent"] == "Checker/2"
