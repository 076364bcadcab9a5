"""Each login and logout is recorded for "Perangkat yang masuk" (accounts.devices)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="accounts.record_login_session")
def _record_login_session(sender, request, user, **kwargs):
    from accounts import devices

    devices.record_login(request, user)


@receiver(user_logged_out, dispatch_uid="accounts.forget_login_session")
def _forget_login_session(sender, request, user, **kwargs):
    from accounts import devices

    devices.forget_login(request)
