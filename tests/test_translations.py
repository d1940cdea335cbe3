"""The English catalogue is complete and keeps every placeholder."""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def catalogue():
    with open(PO, "rb") as fh:
        return [m for m in read_po(fh) if m.id]


def test_every_message_has_an_english_translation():
    untranslated = [m.id for m in catalogue() if not (m.string if isinstance(m.string, str) else all(m.string))]
    fuzzy = [m.id for m in catalogue() if "fuzzy" in m.flags]
    assert not untranslated, untranslated[:10]
    assert not fuzzy, fuzzy[:10]


def test_translations_keep_the_placeholders():
    for message in catalogue():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(set(PLACEHOLDER.findall(ids[-1])))
        for text in strings:
            assert sorted(set(PLACEHOLDER.findall(text))) == wanted, message.id
