"""Forms of casework: labels on every input, phone-friendly widgets.

Forms only validate input; the services save (and enforce the domain rules)."""

from __future__ import annotations

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.access import Perm, roles_granting
from partnerships.forms import CrispyMixin, DateInput
from partnerships.models import Membership, Organisation, User

from . import rules, services
from .models import (
    Case, CaseKind, CaseStatus, Channel, FailureCause, Helped, Language, OutcomeKind, Participant, Persona,
    ReferralChannel,
    ScoredBy, SystemCondition, ValueDemand, ValueStep, WorkerRole,
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


def people_of(partnership, perm: str = Perm.VIEW_CASES):
    ids = Membership.objects.filter(partnership=partnership, role__in=roles_granting(perm)).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).select_related("organisation").order_by(
        "first_name", "last_name")


class CaseOpenForm(CrispyMixin, forms.Form):
    """A new participant and their case in one go (a group or neighbourhood needs only a name)."""

    kind = forms.ChoiceField(label=_("Soort casus"), choices=CaseKind.choices, initial=CaseKind.PERSON)
    title = forms.CharField(label=_("Naam van de groep, organisatie of buurt"), required=False, max_length=200)
    first_name = forms.CharField(label=_("Voornaam"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Familienaam"), max_length=100, required=False)
    date_of_birth = forms.DateField(label=_("Geboortedatum"), required=False, widget=DateInput())
    phone = forms.CharField(label=_("Telefoon"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    address = forms.CharField(label=_("Adres of contactplaats"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    language = forms.ChoiceField(label=_("Taal"), choices=Language.choices, initial=Language.DUTCH)
    national_number = forms.CharField(
        label=_("Rijksregisternummer (optioneel)"), max_length=15, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    start_date = forms.DateField(label=_("Startdatum"), widget=DateInput())
    lead_coach = forms.ModelChoiceField(label=_("Hoofdcoach"), queryset=User.objects.none())
    purpose = forms.CharField(label=_("Bedoeling in de woorden van de deelnemer"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    referred_by = forms.ModelChoiceField(label=_("Toegeleid door (organisatie)"), queryset=Organisation.objects.none(),
                                         required=False)
    referral_channel = forms.ChoiceField(label=_("Kanaal van toeleiding"),
                                         choices=[("", "—"), *ReferralChannel.choices], required=False)
    referral_source = forms.CharField(label=_("Verwezen door (persoon of dienst)"), required=False, max_length=200)
    confirm_new = forms.BooleanField(
        label=_("Ik heb de mogelijke dubbels bekeken: dit is een nieuwe deelnemer."), required=False,
    )

    def __init__(self, *args, partnership, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        # Anyone allowed to lead (never an expert): the service checks it again.
        self.fields["lead_coach"].queryset = people_of(partnership, Perm.LEAD_CASES)
        if user is not None and self.fields["lead_coach"].queryset.filter(pk=user.pk).exists():
            self.fields["lead_coach"].initial = user.pk  # the coach who opens the case usually leads it
        self.fields["referred_by"].queryset = Organisation.objects.order_by("name")
        self.fields["start_date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("kind") == CaseKind.PERSON and not data.get("first_name"):
            self.add_error("first_name", _("Geef minstens een voornaam."))
        if data.get("kind") != CaseKind.PERSON and not data.get("title"):
            self.add_error("title", _("Geef de groep, organisatie of buurt een naam."))
        return data


class ParticipantForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["first_name", "last_name", "date_of_birth", "phone", "email", "address", "language",
                  "referral_source", "national_number"]
        widgets = {"date_of_birth": DateInput(), "address": forms.Textarea(attrs={"rows": 2}),
                   "national_number": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The number is never shown in full: leave empty to keep it, type a new one to replace it.
        masked = self.instance.masked_national_number
        self.initial["national_number"] = ""
        if masked:
            self.fields["national_number"].help_text = _("Nu: %(masked)s. Leeg laten om het te behouden.") % {
                "masked": masked}

    def _post_clean(self):
        pass  # the service validates and saves

    def changes(self) -> dict:
        changed = {name: self.cleaned_data[name] for name in self.changed_data}
        if not changed.get("national_number"):
            changed.pop("national_number", None)
        return changed


class CaseEditForm(CrispyMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields = ["kind", "title", "status", "start_date", "close_date", "referred_by", "referral_channel",
                  "referral_note", "regular_service", "handover_service", "handover_date", "handover_note",
                  "personas", "fits_no_persona", "persona_note"]
        widgets = {
            "start_date": DateInput(), "close_date": DateInput(), "handover_date": DateInput(),
            "referral_note": forms.Textarea(attrs={"rows": 2}), "handover_note": forms.Textarea(attrs={"rows": 2}),
            "persona_note": forms.Textarea(attrs={"rows": 2}), "personas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["personas"].queryset = Persona.objects.filter(partnership=self.instance.partnership_id,
                                                                  is_active=True)
        self.fields["referred_by"].queryset = Organisation.objects.order_by("name")
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        # The service validates and saves; do not write the form's data onto the instance.
        pass


class WorkerForm(CrispyMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Persoon"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Rol op deze casus"), choices=WorkerRole.choices, initial=WorkerRole.CO_COACH)
    start_date = forms.DateField(label=_("Vanaf"), widget=DateInput())

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people_of(partnership)
        self.fields["user"].label_from_instance = lambda u: f"{u} ({u.organisation or '—'})"
        self.fields["start_date"].initial = timezone.localdate()


class PurposeForm(CrispyMixin, forms.Form):
    text = forms.CharField(label=_("Bedoeling in de woorden van de deelnemer"),
                           widget=forms.Textarea(attrs={"rows": 4}))


class ScaleScoreForm(CrispyMixin, forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score (1 = nog een lange weg, 10 = kan losgelaten worden)"), coerce=int,
        choices=[(i, str(i)) for i in range(rules.SCALE_MIN, rules.SCALE_MAX + 1)], widget=forms.RadioSelect,
    )
    interpretation = forms.CharField(
        label=_("Interpretatie: waarom vooruitgang of achteruitgang?"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.INTERPRETATION_REQUIRED},  # the service refuses it too
    )
    measured_at = forms.DateField(label=_("Datum"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # ten choices side by side: one tap on a phone without scrolling past a column of radios
        self.helper.layout = Layout(InlineRadios("score"), "interpretation", "measured_at")


class ValueDemandForm(CrispyMixin, forms.Form):
    text = forms.CharField(label=_("Nieuwe waardevraag (in de woorden van de deelnemer)"), max_length=300)


class ValueReadingForm(CrispyMixin, forms.Form):
    """One 1-5 choice per active value demand, plus who scored."""

    scored_by = forms.ChoiceField(label=_("Wie scoort?"), choices=ScoredBy.choices, initial=ScoredBy.COACH,
                                  widget=forms.RadioSelect)
    measured_at = forms.DateField(label=_("Datum"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, demands: list[ValueDemand], **kwargs):
        super().__init__(*args, **kwargs)
        self.demands = demands
        choices = [("", _("niet gescoord")), *[(i, str(i)) for i in range(rules.VALUE_MIN, rules.VALUE_MAX + 1)]]
        for demand in demands:
            self.fields[f"demand_{demand.pk}"] = forms.TypedChoiceField(
                label=demand.text, choices=choices, coerce=int, empty_value=None, required=False,
                widget=forms.RadioSelect,
            )
        self.helper.layout = Layout("scored_by", "measured_at", "note",
                                    *[InlineRadios(f"demand_{d.pk}") for d in demands])

    def scores(self) -> dict[int, int | None]:
        return {d.pk: self.cleaned_data.get(f"demand_{d.pk}") for d in self.demands}


class FailureDemandForm(CrispyMixin, forms.Form):
    occurred_on = forms.DateField(label=_("Datum"), widget=DateInput(), required=False)
    description = forms.CharField(label=_("Wat gebeurde er?"), widget=forms.Textarea(attrs={"rows": 3}))
    cause = forms.ChoiceField(label=_("Vermoedelijke oorzaak"), choices=FailureCause.choices, widget=forms.RadioSelect)
    system_condition = forms.ChoiceField(label=_("Systeemvoorwaarde erachter"), choices=SystemCondition.choices,
                                         required=False)
    limiting_assumptions = forms.CharField(label=_("Beperkende aannames"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(CrispyMixin, forms.Form):
    done_on = forms.DateField(label=_("Datum"), widget=DateInput(), required=False)
    description = forms.CharField(label=_("Actie"), widget=forms.Textarea(attrs={"rows": 2}))
    value_demands = forms.ModelMultipleChoiceField(label=_("Voor welke waardevragen?"),
                                                   queryset=ValueDemand.objects.none(), required=False,
                                                   widget=forms.CheckboxSelectMultiple)
    value_step = forms.ModelChoiceField(label=_("Waardestap"), queryset=ValueStep.objects.none(), required=False)
    helped = forms.ChoiceField(label=_("Hielp het, volgens de deelnemer?"), choices=Helped.choices,
                               initial=Helped.UNKNOWN, widget=forms.RadioSelect)
    observation = forms.CharField(label=_("Observatie"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    participant_words = forms.CharField(label=_("Woorden van de deelnemer"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 2}))
    is_waste = forms.BooleanField(label=_("Dit was verspilling (voegde niets toe)"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value_demands"].queryset = ValueDemand.objects.filter(case=case, is_active=True)
        self.fields["value_step"].queryset = ValueStep.objects.filter(partnership=case.partnership_id, is_active=True)


class InteractionForm(CrispyMixin, forms.Form):
    """Quick logging: channel and duration as big buttons, the rest optional."""

    DURATIONS = [(10, "10"), (20, "20"), (30, "30"), (45, "45"), (60, "60"), (90, "90"), (120, "120")]
    channel = forms.ChoiceField(label=_("Kanaal"), choices=Channel.choices, widget=forms.RadioSelect)
    duration_minutes = forms.IntegerField(label=_("Duur (minuten)"), min_value=1, max_value=1440,
                                          widget=forms.NumberInput(attrs={"inputmode": "numeric", "list": "durations"}))
    occurred_at = forms.DateTimeField(label=_("Datum en tijd"), widget=DateTimeInput(), required=False,
                                      help_text=_("Leeg: nu."))
    with_whom = forms.CharField(label=_("Met wie"), required=False, max_length=200)
    note = forms.CharField(label=_("Korte notitie"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationForm(CrispyMixin, forms.Form):
    held_on = forms.DateField(label=_("Datum"), widget=DateInput())
    attendees = forms.ModelMultipleChoiceField(label=_("Aanwezigen van het partnerschap"), queryset=User.objects.none(),
                                               required=False, widget=forms.CheckboxSelectMultiple)
    external_attendees = forms.CharField(label=_("Andere aanwezigen (naam en organisatie, één per regel)"),
                                         required=False, widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_actions = forms.CharField(label=_("Opvolgacties"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = people_of(partnership, Perm.VIEW)
        self.fields["attendees"].label_from_instance = lambda u: f"{u} ({u.organisation or '—'})"
        self.fields["held_on"].initial = timezone.localdate()


class ConsultationCaseForm(CrispyMixin, forms.Form):
    case = forms.ModelChoiceField(label=_("Casus"), queryset=Case.objects.none())
    conclusions = forms.CharField(label=_("Conclusies"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(label=_("Opvolgacties voor deze casus"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases


class OutcomeForm(CrispyMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=OutcomeKind.choices)
    achieved_on = forms.DateField(label=_("Datum"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EmploymentForm(CrispyMixin, forms.Form):
    employer = forms.CharField(label=_("Werkgever"), required=False, max_length=200)
    start_date = forms.DateField(label=_("Vanaf"), widget=DateInput())
    end_date = forms.DateField(label=_("Tot en met"), widget=DateInput(), required=False, help_text=_("Leeg: loopt nog."))
    dimona_verified = forms.BooleanField(label=_("Geverifieerd in Dimona"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("De einddatum ligt voor de startdatum."))
        return data


class LadderForm(CrispyMixin, forms.Form):
    step = forms.TypedChoiceField(label=_("Trede op de participatieladder"), choices=rules.LADDER_STEPS, coerce=int,
                                  widget=forms.RadioSelect)
    measured_at = forms.DateField(label=_("Datum"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EmpowermentForm(CrispyMixin, forms.Form):
    score = forms.DecimalField(label=_("Score (op 100)"), min_value=0, max_value=100, decimal_places=1, localize=True)
    measured_at = forms.DateField(label=_("Datum"), widget=DateInput(), required=False)
    instrument = forms.CharField(label=_("Instrument"), initial="Empowermentschaal", max_length=100)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(CrispyMixin, forms.Form):
    done_on = forms.DateField(label=_("Datum"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Stand van zaken"), widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(CrispyMixin, forms.Form):
    text = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}))
    is_sensitive = forms.BooleanField(
        label=_("Gevoelig (gezondheid, verslaving, …): alleen voor de coaches van deze casus"), required=False)


class ValueStepForm(CrispyMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    description = forms.CharField(label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    position = forms.IntegerField(label=_("Volgorde"), min_value=0, required=False)
    is_active = forms.BooleanField(label=_("In gebruik"), required=False, initial=True)


class PersonaForm(CrispyMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    value_demand_pattern = forms.CharField(label=_("Patroon van waardevragen"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 3}))
    context = forms.CharField(label=_("Context"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=_("In gebruik"), required=False, initial=True)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle")), ("open", _("Alle lopende")), *CaseStatus.choices])
    coach = forms.ModelChoiceField(label=_("Hoofdcoach"), queryset=User.objects.none(), required=False,
                                   empty_label=_("Alle coaches"))
    persona = forms.ModelChoiceField(label=_("Persona"), queryset=Persona.objects.none(), required=False,
                                     empty_label=_("Alle persona's"))
    no_persona = forms.BooleanField(label=_("Past bij geen persona"), required=False)

    def __init__(self, *args, partnership_ids, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("status", "coach", "persona"):
            self.fields[name].widget.attrs["class"] = "form-select"
        leaders = Membership.objects.filter(partnership__in=partnership_ids,
                                            role__in=roles_granting(Perm.LEAD_CASES)).values("user_id")
        self.fields["coach"].queryset = User.objects.filter(pk__in=leaders).order_by("first_name", "last_name")
        self.fields["persona"].queryset = Persona.objects.filter(partnership__in=partnership_ids).order_by("name")
