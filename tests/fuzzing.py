"""What an attacker types, as Hypothesis strategies, for tests/test_fuzz_*.py.

Those tests assert one thing: whatever comes in through a form field, a query parameter or a
path, the portal answers below 500. They run against the real database of the run (NUL
characters are refused by PostgreSQL only), with a test client that returns a 500 as a
status instead of raising. Each example starts from an empty cache, so throttles and
lockouts left by the previous example do not hide the code behind them.
"""

from urllib.parse import quote

from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

ATTACKS = (
    "\x00",
    "a\x00b",
    "%00",
    "../../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "/etc/passwd\x00.png",
    "' OR '1'='1",
    "1; DROP TABLE accounts_employee; --",
    "' UNION SELECT password FROM accounts_employee --",
    "<script>alert(1)</script>",
    "{{ settings.SECRET_KEY }}",
    "=1+cmd|'/C calc'!A0",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "9999-12-31",
    "0001-01-01",
    "99999-01-01",
    "\u202eKARTU",
    "\ufeff",
    "١٢٣",
    "\r\n",
    " ",
    "",
)
LONG = ("A" * 100_000, "😀" * 5_000, "9" * 10_000, "../" * 3_000, "a " * 5_000)

nasty = st.one_of(
    st.sampled_from(ATTACKS + LONG),
    st.text(max_size=40),  # any code point but surrogates, NUL and bidi controls included
    st.text(min_size=200, max_size=3_000),
)
# Numbers as forms and URLs carry them: ids, page numbers, years, pixel offsets.
number = st.one_of(st.integers(-(2**70), 2**70).map(str), nasty)

fuzz = settings(
    max_examples=50,
    deadline=None,
    database=None,  # nothing written into the working tree; a failure prints its example
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the personas are set up once per test
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def segment(value: str) -> str:
    """`value` as one path segment."""
    return quote(value, safe="")


def file_name(value: str, default: str) -> str:
    """`value` as the test client can send it as a file name (it refuses "/" and ".."; the
    server strips any path from a name anyway)."""
    name = value.replace("/", "_").replace("\\", "_")[:300]
    return default if name in ("", ".", "..") else name


def fresh_client(user=None) -> Client:
    """A client that sees a 500 as a response, logged in as `user`, with an empty cache."""
    cache.clear()
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def answered(response) -> None:
    request = response.request
    where = f"{request.get('REQUEST_METHOD')} {request.get('PATH_INFO')}"
    assert response.status_code < 500, f"{response.status_code} for {where}"
