"""`manage.py render_cards [--agency CODE]`: draw every card ahead of its first download.

Each card gets the files of its chosen layout (cards.tasks.render_card), stored under the key
of what they print, so a card already drawn costs a lookup and a run can be repeated or
stopped at any time. The cards are shared out over --processes worker processes (one per
core by default); the bar and the rate count cards done.
"""

import os
import time
from multiprocessing import get_context

from django import db
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Agency
from cards.management.commands.import_employees import ProgressBar
from cards.models import Card
from cards.tasks import RENDER_BATCH, render_card


class Command(BaseCommand):
    help = "Render every card's files (or one agency's) ahead of the first download."

    def add_arguments(self, parser):
        parser.add_argument("--agency", metavar="CODE", help="only this agency's cards")
        parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                            help="worker processes (default: one per core)")  # fmt: skip

    def handle(self, agency, processes, **options):
        cards = Card.objects.filter(revoked_at__isnull=True)
        if agency:
            if not Agency.objects.filter(code=agency).exists():
                raise CommandError(f"unknown agency code {agency!r}")
            cards = cards.filter(employee__agency__code=agency)
        ids = list(cards.order_by("pk").values_list("pk", flat=True))
        size = max(1, min(RENDER_BATCH // 4, len(ids) // max(processes, 1)))
        batches = [ids[i : i + size] for i in range(0, len(ids), size)]
        progress = ProgressBar(len(ids), self.stderr)
        started, done, drawn = time.monotonic(), 0, 0
        for batch_size, batch_drawn in self._run(batches, processes):
            for _ in range(batch_size):
                done += 1
                progress.update(done)
            drawn += batch_drawn
        progress.finish()
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{done} cards in {seconds:.1f} s ({done / max(seconds, 1e-9):,.1f} cards/s, "
            f"{processes} processes): {drawn} drawn, {done - drawn} skipped "
            f"(holder not active)."
        )

    def _run(self, batches, processes):
        if processes <= 1 or len(batches) <= 1:
            yield from map(_render_batch, batches)
            return
        # Children open their own database connections: none may be shared across a fork.
        db.connections.close_all()
        with get_context("fork").Pool(processes) as pool:
            yield from pool.imap_unordered(_render_batch, batches)


def _render_batch(card_ids: list[int]) -> tuple[int, int]:
    cards = Card.objects.filter(pk__in=card_ids).select_related(
        "photo", "employee__agency", "employee__work_unit"
    )
    return len(card_ids), sum(render_card(card) for card in cards)
