from captcha.models import CaptchaStore
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.login.devices import forget_old_addresses
from verification.scans import HISTORY_DAYS, purge_scans


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
        scans = purge_scans(days)
        addresses = forget_old_addresses(days)
        captchas, _ = CaptchaStore.objects.filter(expiration__lte=timezone.now()).delete()
        self.stdout.write(
            f"{scans} catatan verifikasi lebih dari {days} hari dihapus; "
            f"{addresses} alamat jaringan login lebih dari {days} hari dikosongkan; "
            f"{captchas} captcha kedaluwarsa dihapus."
        )
