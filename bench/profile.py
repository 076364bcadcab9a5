"""Where one request's time goes: queries, Redis round trips and a cProfile of the view.

    python -m bench.profile [record|download] [--requests N] [--top N]

Runs in-process through Django's test client with the bench settings (the production
configuration when PostgreSQL and Redis answer, as `make bench` chooses), so the middleware,
the templates and the database are those a server runs. "record" is the public verification
as the public does it: the page (a captcha drawn), then the POST with the answer, which shows
the record; only the POST is measured. "download" is a repeat download of the drawn front PNG.
"""

import argparse
import cProfile
import io
import pstats
import sys
import time

from bench import setup

setup.configure()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


class RedisCounter:
    """Counts the round trips redis-py makes (a pipeline is one)."""

    def __init__(self):
        self.calls = 0

    def __enter__(self):
        import redis.connection

        self._original = redis.connection.Connection.read_response

        def counted(conn, *args, **kwargs):
            self.calls += 1
            return self._original(conn, *args, **kwargs)

        redis.connection.Connection.read_response = counted
        return self

    def __exit__(self, *exc):
        import redis.connection

        redis.connection.Connection.read_response = self._original


def record_requests(client: Client, token: str, n: int):
    from captcha.models import CaptchaStore

    url = f"/v/{token}/"
    keys = []
    for _ in range(n):
        client.get(url)
        keys.append(CaptchaStore.objects.order_by("-id").values_list("hashkey", "response")[0])
    return [lambda k=k: client.post(url, {"captcha_0": k[0], "captcha_1": k[1]}) for k in keys]


def main():
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("what", choices=["record", "download"], nargs="?", default="record")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--callees", nargs="*", help="functions (regex) whose callees to print")
    args = parser.parse_args()
    setup.migrate_and_seed()
    from accounts.models import Employee
    from cards import services

    employee = Employee.objects.get(nip=setup.DEMO_NIP)
    card = services.card_for(employee)
    client = Client()
    if args.what == "record":
        calls = record_requests(client, card.token, args.requests + 1)
        check = b"rekaman"
    else:
        client.force_login(employee)
        url = "/layanan/kartu-asn/unduh/depan.png"
        calls = [lambda: client.get(url)] * (args.requests + 1)
        check = None
    first = calls.pop()()
    assert first.status_code in (200, 302), first.status_code
    if check:
        assert check in first.content, first.content[:400]
    with CaptureQueriesContext(connection) as queries, RedisCounter() as redis_calls:
        calls.pop()()
    print(f"{args.what}: {len(queries)} queries, {redis_calls.calls} Redis round trips")
    for q in queries.captured_queries:
        print("   ", q["sql"][:160])
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for call in calls:
        call()
    profiler.disable()
    per = (time.perf_counter() - start) / len(calls) * 1000
    print(f"{per:.2f} ms per request (profiled, {len(calls)} requests, {setup.SETUP})")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())
    for name in getattr(args, "callees", None) or []:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_callees(name)
        print(out.getvalue())


if __name__ == "__main__":
    sys.exit(main())
