import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting.models import AnswerAttachment, CofinancingLine


def only(model, field):
    return [f.name for f in model._meta.fields if f.name != field]


@pytest.mark.parametrize("model, field", [(CofinancingLine, "proof"), (AnswerAttachment, "file")])
def test_proof_documents_and_attachments_refuse_a_wrong_type_with_a_clear_message(model, field):
    obj = model(**{field: SimpleUploadedFile("macro.exe", b"MZ")})
    with pytest.raises(ValidationError) as error:
        obj.clean_fields(exclude=only(model, field))
    assert "Dit bestandstype wordt niet aanvaard" in error.value.message_dict[field][0]
    model(**{field: SimpleUploadedFile("bewijs.pdf", b"%PDF")}).clean_fields(exclude=only(model, field))
