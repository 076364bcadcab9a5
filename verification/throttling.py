"""Rate limits for the public verification pages, per client address, in the shared cache.

Two budgets: page views (opening a QR link, a new captcha picture, the photo) and captcha
submissions. The request that uses up a budget is still served; the next one gets a 429.
"""

from django.conf import settings

from accounts.throttling import Throttle, client_address

# setting name -> default; each can be changed in settings without touching the code
DEFAULTS = {
    "VERIFICATION_VIEW_LIMIT": 120,
    "VERIFICATION_SUBMIT_LIMIT": 30,
    "VERIFICATION_WINDOW_SECONDS": 10 * 60,
}


def _setting(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def limits() -> dict[str, int]:
    return {
        "view": _setting("VERIFICATION_VIEW_LIMIT"),
        "submit": _setting("VERIFICATION_SUBMIT_LIMIT"),
    }


def _throttle(scope: str) -> Throttle:
    window = _setting("VERIFICATION_WINDOW_SECONDS")
    return Throttle(f"verify-{scope}", limits()[scope], window, window)


def use_budget(request, scope: str) -> int:
    """Count this request; seconds the address must wait, 0 when the request may go ahead."""
    throttle, address = _throttle(scope), client_address(request)
    wait = throttle.blocked_for(address)
    if not wait:
        throttle.hit(address)
    return wait
