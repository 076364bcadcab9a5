"""The Indonesian pages say Masuk/Keluar, kata sandi, unduh and cetak (README, "Glossary").

Every template's running text is read as an Indonesian visitor gets it: the words inside
{% translate %} and {% blocktranslate %} through the Indonesian catalogs (so Django's own English
admin strings count as what they become, "Masuk"), and the plain text between the tags. None may
use the English words the glossary replaces, except the labels the URL and label contract keeps.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils import translation

BASE = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [BASE / "templates", *sorted(BASE.glob("*/templates"))]
BANNED = re.compile(r"\b(pass ?word|log ?in|log ?out|download|print)\b", re.IGNORECASE)
# The seed's own labels (DESIGN.md section 3).
CONTRACT_LABELS = {"Log In", "Download", "Print", "Password"}
TRANSLATE = re.compile(r"""^(?:translate|trans)\s+(?P<q>["'])(?P<text>.*?)(?P=q)""")
MARKUP = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]*>", re.DOTALL)


def templates() -> list[Path]:
    found = []
    for folder in TEMPLATE_DIRS:
        found += [p for p in folder.rglob("*") if p.suffix in (".html", ".txt")]
    return sorted(found)


def in_indonesian(msgid: str) -> str:
    with translation.override("id"):
        return translation.gettext(msgid)


def running_text(source: str) -> list[str]:
    """The pieces of text a visitor reads: translated strings, then the markup's plain text."""
    pieces, plain, inside_block, block, skipping = [], [], False, [], None
    for token in Lexer(source).tokenize():
        content = token.contents.strip()
        if token.token_type == TokenType.BLOCK:
            if content == "comment" or re.fullmatch(r"block \w+_class", content):
                skipping = "endcomment" if content == "comment" else "endblock"  # not text
            elif skipping and content.startswith(skipping):
                skipping = None
            elif content.startswith(("blocktranslate", "blocktrans")):
                inside_block, block = True, []
            elif content.startswith(("endblocktranslate", "endblocktrans")):
                pieces.append(in_indonesian(" ".join("".join(block).split())))
                inside_block = False
            elif content.startswith("plural"):
                block.append(" ")
            elif match := TRANSLATE.match(content):
                pieces.append(in_indonesian(match["text"]))
        elif skipping:
            continue
        elif token.token_type == TokenType.TEXT:
            (block if inside_block else plain).append(token.contents)
        elif token.token_type == TokenType.VAR:
            (block if inside_block else plain).append(f"%({content})s" if inside_block else " ")
    text = " ".join(MARKUP.sub(" ", "".join(plain)).split())
    return pieces + ([text] if text else [])


def offending(piece: str) -> list[str]:
    if piece.strip() in CONTRACT_LABELS:
        return []
    return [m.group(0) for m in BANNED.finditer(piece)]


def test_the_reader_finds_the_words_it_must_refuse():
    source = (
        '{% load i18n %}<p>{% translate "Ubah password Anda" %}</p>'
        "{% blocktranslate trimmed %}Silakan\n login dulu{% endblocktranslate %}"
        '<a href="/login/">Download di sini</a><button>{% translate "Print" %}</button>'
        "{# a password in a comment is fine #}<script>var login = 1;</script>"
        "{% block body_class %}page-login{% endblock %}{% comment %}print{% endcomment %}"
    )
    found = [word for piece in running_text(source) for word in offending(piece)]
    assert found == ["password", "login", "Download"]


def test_django_admin_strings_are_read_as_their_indonesian_translation():
    assert running_text('{% load i18n %}{% translate "Log in" %}') == ["Masuk"]


@pytest.mark.parametrize("template", templates(), ids=lambda p: str(p.relative_to(BASE)))
def test_the_running_text_follows_the_glossary(template):
    words = [
        (word, piece)
        for piece in running_text(template.read_text(encoding="utf-8"))
        for word in offending(piece)
    ]
    assert not words, f"{template.relative_to(BASE)} uses words the glossary replaces: {words}"


def project_messages() -> list[str]:
    """Every string the project marks for translation, in Python as in templates: the msgids
    of the English catalog, which are the Indonesian originals."""
    catalog = (BASE / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    messages = []
    for entry in catalog.split("\n\n"):
        if match := re.search(r'^msgid ((?:".*"\n?)+)', entry, re.MULTILINE):
            text = "".join(re.findall(r'"(.*)"', match.group(1)))
            if text:
                messages.append(text)
    return messages


def test_every_message_of_the_project_follows_the_glossary():
    """Messages from Python too: form errors, admin actions, model choices and help texts."""
    messages = project_messages()
    assert "NIP atau kata sandi salah." in messages  # the reader reads the catalog

    # Django's own English strings overridden there are read as their Indonesian.
    words = [(word, text) for text in map(in_indonesian, messages) for word in offending(text)]

    assert not words, f"messages using words the glossary replaces: {words}"


BARE_SANDI = re.compile(r"(?<!kata )\bsandi\b", re.IGNORECASE)


def visible_text(page: str) -> str:
    return " ".join(MARKUP.sub(" ", page).split())


@pytest.mark.django_db
def test_django_s_password_forms_say_kata_sandi_too(client, employee):
    """Django's own labels and rules ("Sandi lama", "Sandi anda …") read as the glossary's."""
    client.force_login(employee)
    pages = [client.get("/akun/password/").content.decode()]
    wrong = {"old_password": "bukan", "new_password1": "12345678", "new_password2": "1234567"}
    pages.append(client.post("/akun/password/", wrong).content.decode())
    client.logout()
    pages.append(client.get("/admin/login/").content.decode())
    for text in map(visible_text, pages):
        assert "Kata sandi lama" in text or "Kata sandi" in text
        assert not BARE_SANDI.findall(text), BARE_SANDI.findall(text)
        assert " anda " not in text  # Django's catalog writes "anda" in lower case
