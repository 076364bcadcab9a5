import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-" + "x" * 20,
    "ALLOWED_HOSTS": "mysapk.example.go.id",
    "PUBLIC_BASE_URL": "https://mysapk.example.go.id",
    "QR_SIGNING_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",  # 32 raw bytes, base64url
    "DJANGO_SETTINGS_MODULE": "mysapk.settings",
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    env = {**os.environ, **PRODUCTION, "DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests; would be a warning
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_required_variables(tmp_path):
    for missing in ("SECRET_KEY", "ALLOWED_HOSTS", "PUBLIC_BASE_URL", "QR_SIGNING_KEY"):
        env = {**os.environ, **PRODUCTION, "DATA_DIR": str(tmp_path)}
        del env[missing]
        result = manage("check", env=env)
        assert result.returncode != 0 and missing in result.stderr
