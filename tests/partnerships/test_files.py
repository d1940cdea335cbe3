import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.files import MAX_DOCUMENT_BYTES, document_problem, inert_cell_text, validate_document


@pytest.mark.parametrize("name, size, problem", [
    ("plan.pdf", 10, None), ("PLAN.PDF", 10, None), ("script.exe", 10, "type"), ("noextension", 10, "type"),
    ("big.pdf", MAX_DOCUMENT_BYTES, None), ("big.pdf", MAX_DOCUMENT_BYTES + 1, "size"),
])
def test_documents_are_checked_on_type_and_size_at_the_boundary(name, size, problem):
    assert document_problem(name, size) == problem


def test_the_validator_explains_what_is_allowed_in_dutch():
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile("virus.exe", b"x"))
    assert "Dit bestandstype wordt niet aanvaard" in error.value.messages[0] and ".pdf" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile("huge.pdf", b"x" * (MAX_DOCUMENT_BYTES + 1)))
    assert "te groot (10,0 MB); het maximum is 10 MB" in error.value.messages[0]
    validate_document(SimpleUploadedFile("ok.pdf", b"%PDF"))


@pytest.mark.parametrize("text, expected", [
    ("=SUM(A1)", "'=SUM(A1)"), ("+32 14", "'+32 14"), ("-5", "'-5"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
    ("gewoon", "gewoon"), ("a=b", "a=b"), ("", ""),
])
def test_spreadsheet_text_that_could_run_as_a_formula_is_made_inert(text, expected):
    assert inert_cell_text(text) == expected
