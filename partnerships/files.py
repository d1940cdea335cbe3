"""Files that people upload or download: one set of rules for every app.

* Uploads (candidacy documents, appeal evidence, proof documents, attachments):
  ``validate_document`` as a model-field or form validator; ``document_problem``
  as the pure rule behind it.
* Spreadsheet exports (CSV/XLSX): ``inert_cell_text`` neutralises text that a
  spreadsheet would run as a formula (=, +, -, @, tab, carriage return).
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_EXTENSIONS = (".pdf", ".docx", ".doc", ".odt", ".xlsx", ".ods", ".pptx", ".jpg", ".jpeg", ".png", ".txt")
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

ERROR_FILE_TYPE = _("Dit bestandstype wordt niet aanvaard. Toegelaten: {allowed}.")
ERROR_FILE_SIZE = _("Dit bestand is te groot ({size} MB); het maximum is {max} MB.")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def document_problem(name: str, size: int) -> str | None:
    """None when the upload is acceptable, else 'type' or 'size'."""
    extension = os.path.splitext(name or "")[1].lower()
    if extension not in ALLOWED_EXTENSIONS:
        return "type"
    if size > MAX_DOCUMENT_BYTES:
        return "size"
    return None


def document_error(name: str, size: int) -> str | None:
    """The message a user can act on, or None."""
    problem = document_problem(name, size)
    if problem == "type":
        return str(ERROR_FILE_TYPE).format(allowed=", ".join(ALLOWED_EXTENSIONS))
    if problem == "size":
        return str(ERROR_FILE_SIZE).format(
            size=f"{size / 1024 / 1024:.1f}".replace(".", ","), max=MAX_DOCUMENT_BYTES // (1024 * 1024)
        )
    return None


def validate_document(upload) -> None:
    """Django validator for a FileField: type and size, with a clear message.

    Already stored files (no new upload) are not checked again."""
    if not upload or getattr(upload, "_committed", False):  # nothing new uploaded
        return
    message = document_error(upload.name, upload.size)
    if message:
        raise ValidationError(message, code="document")


def inert_cell_text(text: str) -> str:
    """Text a spreadsheet could read as a formula, prefixed with a quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
