from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership, Partnership, Role, User


class DateInput(forms.DateInput):
    """A native date picker (phones show their own); value in ISO for the widget."""

    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


def apply_service_errors(form, exc) -> None:
    """Put a service's (or model's) ValidationError on the form: on the field it
    names when the form has that field, else on top of the form. Never raises
    for a field the form lacks (Django's add_error(None, exc) would)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class CrispyMixin:
    """Crispy renders the form; the template writes its own <form> and buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PartnershipForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "project_number", "start_date", "end_date", "shared_purpose", "principles"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "shared_purpose": forms.Textarea(attrs={"rows": 4}),
            "principles": forms.Textarea(attrs={"rows": 4}),
        }


class MembershipForm(CrispyMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Persoon"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    fte = forms.DecimalField(
        label=_("VTE"), required=False, min_value=0, max_value=1, decimal_places=2, localize=True,
        help_text=Membership._meta.get_field("fte").help_text,
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        # People of the partnership's member organisations.
        self.fields["user"].queryset = (
            User.objects.filter(
                is_active=True,
                organisation__in=partnership.partner_organisations.values("organisation"),
            )
            .select_related("organisation")
            .order_by("first_name", "last_name")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u} ({u.organisation})"


class AuditFilterForm(forms.Form):
    ACTIONS = [("", _("Alle handelingen")), ("0", _("Aangemaakt")), ("1", _("Gewijzigd")), ("2", _("Verwijderd")), ("3", _("Bekeken"))]
    q = forms.CharField(label=_("Zoeken"), required=False)
    action = forms.ChoiceField(label=_("Handeling"), choices=ACTIONS, required=False)
