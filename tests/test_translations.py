"""The English catalog is complete, and the committed .mo is what the .po compiles to.

Source strings are Indonesian; English lives in one catalog, locale/en/LC_MESSAGES/django.po,
with its compiled django.mo committed beside it (`make run` works without gettext tools).
A string left untranslated or fuzzy, or a .po edited without recompiling, fails here.
"""

import ast
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = CATALOG / "django.po"
MO_FILE = CATALOG / "django.mo"
HAS_GETTEXT_TOOLS = all(shutil.which(tool) for tool in ("msgfmt", "xgettext", "msgmerge"))


class Entry:
    def __init__(self):
        self.flags: set[str] = set()
        self.msgctxt: str | None = None
        self.msgid: str | None = None
        self.msgid_plural: str | None = None
        self.msgstr: str | None = None
        self.msgstr_plural: dict[int, str] = {}
        self.references: list[str] = []

    @property
    def key(self) -> tuple:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def where(self) -> str:
        refs = " ".join(self.references) or "?"
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        return f"{self.msgid!r}{context} at {refs}"


def parse_po(path: Path) -> list[Entry]:
    """The live entries of a PO file (obsolete "#~" entries are skipped), header first."""
    entries: list[Entry] = []
    entry, field = Entry(), None

    def finish():
        nonlocal entry, field
        if entry.msgid is not None:
            entries.append(entry)
        entry, field = Entry(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#:"):
            entry.references.extend(line[2:].split())
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, int):
                entry.msgstr_plural[field] += value
            else:
                setattr(entry, field, getattr(entry, field) + value)
        else:
            keyword, _space, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr["):
                field = int(keyword[len("msgstr[") : -1])
                entry.msgstr_plural[field] = value
            elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
                if keyword in ("msgctxt", "msgid") and entry.msgstr is not None:
                    finish()  # a new entry without a blank line before it
                field = keyword
                setattr(entry, keyword, value)
            else:
                raise ValueError(f"{path}: cannot read line {raw!r}")
    finish()
    return entries


def expected_catalog(entries: list[Entry]) -> dict:
    """What gettext.GNUTranslations holds after loading the compiled entries (header aside)."""
    catalog = {}
    for entry in entries:
        if not entry.msgid:
            continue
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            catalog[msgid] = entry.msgstr
        else:
            catalog.update({(msgid, n): text for n, text in entry.msgstr_plural.items()})
    return catalog


def mo_catalog(path: Path) -> dict:
    with path.open("rb") as mo:
        catalog = dict(gettext.GNUTranslations(mo)._catalog)
    catalog.pop("", None)
    return catalog


def test_there_is_one_catalog_and_it_is_english():
    catalogs = sorted(
        str(p.relative_to(settings.BASE_DIR))
        for app in ("accounts", "cards", "verification", "mysapk")
        for p in (Path(settings.BASE_DIR) / app).rglob("*.po")
    )
    assert catalogs == [], f"translations belong in locale/en only, not in {catalogs}"
    header = parse_po(PO_FILE)[0]
    assert header.msgid == "" and "Language: en\n" in header.msgstr


def test_every_english_string_is_translated_and_none_is_fuzzy():
    entries = parse_po(PO_FILE)
    assert len(entries) > 100, "the English catalog looks truncated"
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.where()}" if entry.msgid else "fuzzy: the header")
        if not entry.msgid:
            continue
        if entry.msgid_plural is None:
            if not entry.msgstr:
                problems.append(f"untranslated: {entry.where()}")
        elif not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
            problems.append(f"plural forms missing: {entry.where()}")
    assert not problems, "\n".join(problems)


def test_the_committed_mo_holds_exactly_the_translations_of_the_po():
    assert MO_FILE.exists(), "compile it: manage.py compilemessages --ignore=.venv"
    expected, compiled = expected_catalog(parse_po(PO_FILE)), mo_catalog(MO_FILE)
    stale = sorted(str(k) for k in expected if compiled.get(k) != expected[k])
    extra = sorted(str(k) for k in compiled if k not in expected)
    assert not stale and not extra, (
        "locale/en/LC_MESSAGES/django.mo is out of date with django.po; run "
        "`manage.py compilemessages --ignore=.venv`.\n"
        f"missing or different in the .mo: {stale[:20]}\nonly in the .mo: {extra[:20]}"
    )


@pytest.mark.skipif(not HAS_GETTEXT_TOOLS, reason="GNU gettext tools are not installed")
def test_msgfmt_compiles_the_po_to_the_committed_mo(tmp_path):
    compiled = tmp_path / "django.mo"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(PO_FILE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert mo_catalog(compiled) == mo_catalog(MO_FILE), "recompile: the committed .mo is stale"


@pytest.mark.skipif(not HAS_GETTEXT_TOOLS, reason="GNU gettext tools are not installed")
def test_the_catalog_has_every_translatable_string_in_the_code(tmp_path):
    """makemessages on a copy of the project finds nothing missing from the catalog, or extra."""
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in ("accounts", "cards", "verification", "mysapk", "templates", "locale"):
        shutil.copytree(base / name, copy / name, ignore=ignore)
    shutil.copy2(base / "manage.py", copy / "manage.py")
    env = {**os.environ, "DEBUG": "1", "DATA_DIR": str(tmp_path / "data"),
           "DJANGO_SETTINGS_MODULE": "mysapk.settings"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--ignore=.venv",
         "--ignore=tests", "--ignore=bench", "--ignore=test-artifacts", "--ignore=var",
         "--ignore=docs", "-v0"],
        cwd=copy, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    regenerated = {e.key: e for e in parse_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    committed = {e.key for e in parse_po(PO_FILE)}
    new = [regenerated[k].where() for k in regenerated if k not in committed]
    gone = [repr(k[1]) for k in committed if k not in regenerated]
    assert not new and not gone, (
        "locale/en/LC_MESSAGES/django.po is out of date with the code: run makemessages "
        "(see tests/test_translations.py for the command), translate, compilemessages.\n"
        f"new strings: {new}\nstrings no longer in the code: {gone}"
    )
