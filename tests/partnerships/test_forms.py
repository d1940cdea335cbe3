from django import forms
from django.core.exceptions import ValidationError

from partnerships.forms import apply_service_errors


class NameForm(forms.Form):
    name = forms.CharField()


def test_a_service_error_lands_on_its_field_or_on_top_never_raising():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    apply_service_errors(form, ValidationError({"name": "Te kort.", "end_date": "Te laat."}))
    assert form.errors["name"] == ["Te kort."]
    assert form.non_field_errors() == ["Te laat."]  # the form has no end_date field


def test_a_plain_service_error_goes_on_top():
    form = NameForm({"name": "x"})
    form.is_valid()
    apply_service_errors(form, ValidationError("Dat kan niet."))
    assert form.non_field_errors() == ["Dat kan niet."]
