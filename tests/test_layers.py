"""Imports point one way, verification → cards → accounts, in Python and in templates.

mysapk, the wiring layer, may use every app; an app never reaches an app above it, so a
panel of a higher app reaches a lower app's page through the wiring (a context processor
listed in settings), never through the lower app loading the higher one's tags.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

BASE = Path(settings.BASE_DIR)
ABOVE = {"accounts": ("cards", "verification"), "cards": ("verification",)}
TEMPLATE_REFERENCE = re.compile(
    r"""{%\s*(?:load\s+(?P<load>[^%]+)|(?:include|extends)\s+["'](?P<path>[^"']+)["']"""
    r"""|url\s+["'](?P<ns>[\w-]+):)"""
)


def _python_modules(app: str):
    for path in sorted((BASE / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module or "")
    return names


def _tag_libraries(apps) -> set[str]:
    """The {% load %} names whose modules belong to one of `apps`."""
    libraries = engines["django"].engine.libraries  # name -> module path
    return {name for name, module in libraries.items() if module.split(".")[0] in apps}


@pytest.mark.parametrize("app", ABOVE)
def test_an_app_imports_no_app_above_it(app):
    found = [
        f"{path.relative_to(BASE)}: {module}"
        for path in _python_modules(app)
        for module in _imports(path)
        if module.split(".")[0] in ABOVE[app]
    ]
    assert not found


@pytest.mark.parametrize("app", ABOVE)
def test_an_app_template_uses_no_tags_templates_or_urls_of_an_app_above_it(app):
    higher_tags = _tag_libraries(ABOVE[app])
    found = []
    for path in sorted((BASE / app / "templates").rglob("*.html")):
        for match in TEMPLATE_REFERENCE.finditer(path.read_text(encoding="utf-8")):
            loaded = set((match["load"] or "").split())
            target = (match["path"] or "").split("/")[0] or match["ns"]
            if loaded & higher_tags or target in ABOVE[app]:
                found.append(f"{path.relative_to(BASE)}: {match.group(0)}")
    assert not found
