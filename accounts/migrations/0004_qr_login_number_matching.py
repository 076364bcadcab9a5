# Number matching for QR login, and the approving session's start carried to the new session.

from django.db import migrations, models


def expire_open_requests(apps, schema_editor):
    # A code shown before this migration has no number on the computer: it can never be
    # approved, so it stops waiting now instead of at its expiry.
    QrLoginRequest = apps.get_model("accounts", "QrLoginRequest")
    QrLoginRequest.objects.filter(status="pending").update(status="expired")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_hr_instansi_group"),
    ]

    operations = [
        migrations.RunPython(expire_open_requests, migrations.RunPython.noop),
        migrations.AddField(
            model_name="qrloginrequest",
            name="number",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="angka di komputer"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="qrloginrequest",
            name="number_choices",
            field=models.CharField(
                default="", max_length=20, verbose_name="angka pilihan di ponsel"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="qrloginrequest",
            name="approver_session_started_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="sesi penyetuju dimulai"
            ),
        ),
        migrations.AlterField(
            model_name="qrloginrequest",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Menunggu persetujuan"),
                    ("approved", "Disetujui"),
                    ("refused", "Ditolak"),
                    ("mismatch", "Ditolak: angka yang dipilih salah"),
                    ("used", "Sudah dipakai untuk masuk"),
                    ("expired", "Kedaluwarsa"),
                ],
                default="pending",
                max_length=10,
                verbose_name="status",
            ),
        ),
    ]
