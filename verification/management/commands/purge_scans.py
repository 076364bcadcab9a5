from django.core.management.base import BaseCommand, CommandError

from verification import tasks
from verification.scans import HISTORY_DAYS


class Command(BaseCommand):
    help = (
        "Hapus catatan verifikasi yang lebih lama dari N hari (bawaan 90), kosongkan alamat "
        "jaringan login dan login QR seumur itu, dan hapus captcha yang sudah kedaluwarsa. "
        "Jalankan setiap hari (cron atau systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=HISTORY_DAYS, help="umur maksimum, hari")

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("--days harus 1 atau lebih.")
        done = tasks.purge_scans(days)  # the hourly job's work, run now and here
        self.stdout.write(
            f"{done['scans']} catatan verifikasi lebih dari {days} hari dihapus; "
            f"{done['login_addresses']} alamat jaringan login lebih dari {days} hari "
            f"dikosongkan; {done['captchas']} captcha kedaluwarsa dihapus."
        )
