"""The `make bench` table: one row per figure, with its target and verdict."""

import statistics
import time

from bench import setup

# (what, setup, measured, target, verdict)
ROWS: list[tuple[str, str, str, str, str]] = []
HEAD = ("what", "setup", "measured", "target", "verdict")


def row(what: str, value: str, target: str = "", verdict: str = "—", db: bool = False):
    """A figure without a target; db=True names the configuration it was measured on."""
    ROWS.append((what, setup.SETUP if db else "", value, target, verdict))


def check(what, value, target, measured, limit, *, at_least=False, unit="", db=False, extra=True):
    """A row with a target: "met", or "missed by" how far the figure is from it.

    extra is a further condition (no errors, no renders): when it fails the row is missed
    even with the figure inside its target.
    """
    ok = (measured >= limit if at_least else measured <= limit) and extra
    gap = abs(measured - limit)
    if ok:
        verdict = "met"
    elif gap == 0 or (at_least and measured >= limit) or (not at_least and measured <= limit):
        verdict = "missed (errors or renders)"
    else:
        verdict = f"missed by {gap:,.2f}{unit}" if gap < 10 else f"missed by {gap:,.0f}{unit}"
    ROWS.append((what, setup.SETUP if db else "", value, target, verdict))


def median_ms(fn, repeat: int) -> float:
    fn()  # warm-up: fonts, stylesheets, imports
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def print_table(rows=None):
    rows = ROWS if rows is None else rows
    width = [max(len(r[i]) for r in [*rows, HEAD]) for i in range(5)]
    print("\n" + "  ".join(f"{h:<{w}}" for h, w in zip(HEAD, width, strict=True)))
    print("-" * (sum(width) + 8))
    for r in rows:
        print("  ".join(f"{c:<{w}}" for c, w in zip(r, width, strict=True)))
