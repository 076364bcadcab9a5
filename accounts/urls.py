from django.contrib.auth import views as auth_views
from django.urls import path, re_path, reverse_lazy

from accounts import views
from accounts.login import views as login_views

app_name = "accounts"

urlpatterns = [
    path("login/", login_views.login, name="login"),
    path("logout/", login_views.logout, name="logout"),
    path("login/qr/baru/", login_views.qr_login_create, name="qr_login_create"),
    path("login/qr/status/", login_views.qr_login_status, name="qr_login_status"),
    re_path(
        r"^login/qr/(?P<code>[A-Za-z0-9_-]{16,64})/$",
        login_views.qr_login_confirm,
        name="qr_login_confirm",
    ),
    path("akun/perangkat/", login_views.device_list, name="devices"),
    path("akun/perangkat/<int:pk>/keluar/", login_views.device_logout, name="device_logout"),
    path(
        "akun/perangkat/keluar-lainnya/",
        login_views.device_logout_others,
        name="device_logout_others",
    ),
    path("lupa-password/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "lupa-password/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "atur-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "atur-password/selesai/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "akun/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "akun/password/selesai/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
]
