"""Migrations: a fresh database gets every table and the "HR Instansi" group, now and later.

pytest-django builds the test database by running every migration from zero (on SQLite, or on
PostgreSQL with DATABASE_URL), so each run of the suite already migrates from zero forward.
These tests add what that run cannot see: a migration leaning on live code that may change,
a model change without its migration, and the way back.
"""

import ast
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

APPS = ("accounts", "cards", "verification")
# Django itself, and the modules that generated field definitions point at (defaults, upload
# paths, managers, validators and the `re` of a compiled pattern): Django requires those to
# stay importable anyway.
ALLOWED_IMPORTS = ("django", "re", "accounts.models", "accounts.text", "cards.models")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


def _allowed(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in ALLOWED_IMPORTS)


def test_migrations_import_no_live_code():
    base = Path(settings.BASE_DIR)
    found = {
        f"{path.relative_to(base)}: {module}"
        for app in APPS
        for path in sorted((base / app / "migrations").glob("0*.py"))
        for module in _imported_modules(path)
        if not _allowed(module)
    }
    assert not found, "inline what a migration needs, using the historical `apps`"


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    try:
        call_command("makemigrations", check=True, dry_run=True, verbosity=0)
    except SystemExit:
        pytest.fail("models changed without a migration: run manage.py makemigrations")


def _manage(tmp_path: Path, *args: str) -> str:
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "mysapk.settings",
        "REDIS_URL": "",
    }
    out = subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


GROUP_PERMISSIONS = (
    "from django.contrib.auth.models import Group; "
    "group = Group.objects.filter(name='HR Instansi').first(); "
    "print(group.permissions.count() if group else 'none')"
)


def test_a_fresh_database_migrates_from_zero_and_the_hr_group_can_be_undone_and_redone(tmp_path):
    frozen = import_module("accounts.migrations.0003_hr_instansi_group").PERMISSIONS
    _manage(tmp_path, "migrate", "-v0")
    assert _manage(tmp_path, "shell", "-v0", "-c", GROUP_PERMISSIONS).split() == [str(len(frozen))]
    _manage(tmp_path, "migrate", "accounts", "0002", "-v0")
    assert _manage(tmp_path, "shell", "-v0", "-c", GROUP_PERMISSIONS).split() == ["none"]
    _manage(tmp_path, "migrate", "-v0")
    assert _manage(tmp_path, "shell", "-v0", "-c", GROUP_PERMISSIONS).split() == [str(len(frozen))]
