from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Kepegawaian")

    def ready(self):
        from accounts.login import signals  # noqa: F401  (login receivers)
