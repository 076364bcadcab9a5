from django import template

from cards.models import Card
from verification.scans import HISTORY_DAYS, HISTORY_ROWS, scan_history

register = template.Library()


@register.inclusion_tag("verification/_scan_history.html", name="scan_history")
def scan_history_panel(card: Card) -> dict:
    """{% scan_history card %}: "Riwayat Verifikasi" for the card's owner, newest first."""
    events = scan_history(card)
    shown = list(events[:HISTORY_ROWS])
    more = events.count() - len(shown) if len(shown) == HISTORY_ROWS else 0
    return {"events": shown, "more": more, "days": HISTORY_DAYS}
