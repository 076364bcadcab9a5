"""What verification adds to pages of other apps, wired in by settings.TEMPLATES."""

from django.template.loader import render_to_string
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe

from verification.scans import HISTORY_DAYS, HISTORY_ROWS, scan_history


def card_page_panels(request) -> dict:
    """`card_page_panels`: "Riwayat Verifikasi" of the logged-in holder, below their card.

    The card page prints the variable without knowing what fills it, so cards needs nothing
    from verification. Lazy: only a page that prints it reads the user or any event.
    """
    return {"card_page_panels": _lazy_panel(request)}


def _scan_history_panel(request) -> SafeString:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return mark_safe("")
    events = scan_history(user)
    shown = list(events[:HISTORY_ROWS])
    more = events.count() - len(shown) if len(shown) == HISTORY_ROWS else 0
    context = {"events": shown, "more": more, "days": HISTORY_DAYS}
    return mark_safe(render_to_string("verification/_scan_history.html", context))


# Made once: lazy() builds a proxy class on every call, a cost each page would pay.
_lazy_panel = lazy(_scan_history_panel, SafeString)
