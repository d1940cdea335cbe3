from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.forms import CrispyMixin

from .models import Budget, CofinancingLine, PersonnelLine, QuestionnaireTemplate
from .periods import Quarter

MONEY_INPUT = {"class": "form-control form-control-sm text-end", "inputmode": "decimal"}


class BudgetForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Budget
        fields = [
            "vcf_operation", "vcf_support", "limburg_transition", "separate_accounting", "contracting_authority",
            "purchases_over_30k", "purchases_over_140k", "purchases_over_215k", "procurement_purpose",
        ]
        localized_fields = ["vcf_operation", "vcf_support"]
        widgets = {
            "vcf_operation": forms.TextInput(attrs=MONEY_INPUT),
            "vcf_support": forms.TextInput(attrs=MONEY_INPUT),
            "procurement_purpose": forms.Textarea(attrs={"rows": 2}),
        }


class PersonnelLineForm(forms.ModelForm):
    class Meta:
        model = PersonnelLine
        fields = ["strand", "status", "function", "monthly_gross", "hours", "activity"]
        localized_fields = ["monthly_gross", "hours"]
        widgets = {
            "strand": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "status": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "function": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "monthly_gross": forms.TextInput(attrs=MONEY_INPUT),
            "hours": forms.TextInput(attrs=MONEY_INPUT),
            "activity": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        }


class CofinancingLineForm(forms.ModelForm):
    class Meta:
        model = CofinancingLine
        fields = ["strand", "source", "person_bound", "amount", "description", "proof"]
        localized_fields = ["amount"]
        widgets = {
            "strand": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "source": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "person_bound": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "amount": forms.TextInput(attrs=MONEY_INPUT),
            "description": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "proof": forms.FileInput(attrs={"class": "form-control form-control-sm"}),
        }


PersonnelFormSet = forms.inlineformset_factory(
    Budget, PersonnelLine, form=PersonnelLineForm, extra=2, can_delete=True, max_num=200, validate_max=True
)
CofinancingFormSet = forms.inlineformset_factory(
    Budget, CofinancingLine, form=CofinancingLineForm, extra=2, can_delete=True, max_num=100, validate_max=True
)


class BudgetCreateForm(CrispyMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Projectjaar"), coerce=int)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        taken = set(partnership.budgets.values_list("year", flat=True))
        self.fields["year"].choices = [
            (y, y) for y in range(partnership.start_date.year, partnership.end_date.year + 1) if y not in taken
        ]


class BudgetImportForm(forms.Form):
    file = forms.FileField(label=_("JSON-bestand"), help_text=_("Het uitwisselingsformaat van de begroting (.json)."))


def quarter_choices(partnership, today):
    quarters = []
    q = Quarter.of(today)
    first = Quarter.of(partnership.start_date)
    while (q.year, q.number) >= (first.year, first.number) and len(quarters) < 24:
        quarters.append((f"{q.year}-{q.number}", str(q)))
        q = q.previous()
    return quarters


class ReportRequestForm(forms.Form):
    quarter = forms.ChoiceField(label=_("Kwartaal"))

    def __init__(self, *args, partnership, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices(partnership, today)
        if len(self.fields["quarter"].choices) > 1:
            self.fields["quarter"].initial = self.fields["quarter"].choices[1][0]  # the last full quarter

    def clean_quarter(self):
        year, number = self.cleaned_data["quarter"].split("-")
        return Quarter(int(year), int(number))


class ResponseStartForm(CrispyMixin, forms.Form):
    template = forms.ModelChoiceField(label=_("Vragenlijst"), queryset=QuestionnaireTemplate.objects.none())
    period = forms.CharField(label=_("Periode"), max_length=60, help_text=_("Bijvoorbeeld 2026 of fase 2."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = QuestionnaireTemplate.objects.filter(is_active=True)
