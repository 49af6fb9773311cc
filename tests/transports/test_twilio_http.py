"""Where the twilio client's requests go, and how answers are read."""

from __future__ import annotations

import datetime as dt
import email.utils

import pytest

from bot.transports.twilio_http import RoutedHttpClient, parse_retry_after


def routed_to(api_base: str) -> RoutedHttpClient:
    return RoutedHttpClient(api_base, timeout=1.0, pool_size=2)


@pytest.mark.parametrize(
    ("url", "routed"),
    [
        (
            "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json",
            "http://127.0.0.1:8081/2010-04-01/Accounts/AC1/Messages.json",
        ),
        (
            "https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/AC1/Messages.json",
            "http://127.0.0.1:8081/2010-04-01/Accounts/AC1/Messages.json",
        ),
        (
            "https://content.twilio.com/v1/Content?PageSize=50",
            "http://127.0.0.1:8081/v1/Content?PageSize=50",
        ),
    ],
    ids=["api", "regional", "other-product"],
)
def test_every_twilio_url_is_routed_to_the_api_base(url: str, routed: str) -> None:
    assert routed_to("http://127.0.0.1:8081").route(url) == routed


def test_api_base_may_carry_a_path() -> None:
    client = routed_to("http://[::1]:8081/twilio/")

    routed = client.route("https://api.twilio.com/2010-04-01/x.json")

    assert routed == "http://[::1]:8081/twilio/2010-04-01/x.json"


def test_without_api_base_urls_stay_twilios() -> None:
    url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json"

    assert routed_to("").route(url) == url


def test_no_request_to_a_host_that_is_not_twilio() -> None:
    client = routed_to("http://127.0.0.1:8081")

    with pytest.raises(ValueError, match="not Twilio's"):
        client.route("https://api.twilio.com.example.test/x")


@pytest.mark.parametrize(
    "api_base", ["127.0.0.1:8081", "ftp://127.0.0.1", "http://"], ids=str
)
def test_no_client_with_an_api_base_that_is_not_a_url(api_base: str) -> None:
    with pytest.raises(ValueError, match="api_base"):
        routed_to(api_base)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("3", 3.0),
        ("0.5", 0.5),
        ("-4", 0.0),
        (None, None),
        ("", None),
        ("soon", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
    ],
    ids=["seconds", "fraction", "negative", "absent", "empty", "garbage", "past-date"],
)
def test_retry_after_header(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


def test_retry_after_as_a_future_date() -> None:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=120)

    seconds = parse_retry_after(email.utils.format_datetime(when, usegmt=True))

    assert seconds is not None
    assert 110 <= seconds <= 120


@pytest.mark.parametrize(
    ("api_base", "uses_proxy_settings"),
    [("http://127.0.0.1:8081", False), ("http://[::1]:8081", False), ("", True)],
    ids=["loopback-v4", "loopback-v6", "twilio"],
)
def test_no_proxy_between_us_and_an_api_on_this_machine(
    api_base: str, uses_proxy_settings: bool
) -> None:
    assert routed_to(api_base)._session().trust_env is uses_proxy_settings
