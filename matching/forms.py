from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.forms import CrispyMixin, DateInput, apply_service_errors
from partnerships.models import Organisation, PartnerOrganisation, User

from .models import (
    Appeal,
    Candidacy,
    ConflictDeclaration,
    Criterion,
    DecisionMailTemplate,
    JuryDecision,
    LocalAddendum,
    MatchingRole,
    Group,
    RegionalChallenge,
)
from .services import ADDENDUM_FIELDS

SCORE_CHOICES = [(1, "1"), (2, "2"), (3, "3"), (4, "4")]
SCALE_HELP = _("1 grote tekortkomingen op de meeste vragen · 2 voldoet op enkele, cruciale tekortkomingen op andere · "
               "3 voldoet op de meeste, beperkte tekortkomingen · 4 voldoet aan alle vragen")


apply_errors = apply_service_errors

class AddendumForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = LocalAddendum
        fields = list(ADDENDUM_FIELDS)
        widgets = {
            "publication_date": DateInput(), "candidacy_deadline": DateInput(), "expected_decision_date": DateInput(),
            "round1_scoring_due": DateInput(), "round2_scoring_due": DateInput(),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in ("boundaries", "local_needs", "personas", "arena_analysis",
                                                                     "needs_motivation", "pitch_moments", "contacts")},
        }


class ChallengeForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = RegionalChallenge
        fields = ["title", "target_groups", "obstacles", "opportunities", "objectives"]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in ("target_groups", "obstacles", "opportunities", "objectives")}


class RoleForm(CrispyMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Persoon"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Rol"), choices=MatchingRole.Kind.choices)
    group = forms.ChoiceField(label=_("Groep (voor matchmakers)"), choices=[("", "—"), *Group.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).select_related("organisation").order_by("first_name", "last_name")
        self.fields["user"].label_from_instance = lambda u: f"{u} ({u.organisation or _('geen organisatie')})"


class CandidacyForm(CrispyMixin, forms.ModelForm):
    challenges = forms.ModelMultipleChoiceField(
        label=_("Aan welke regio-uitdagingen draagt je organisatie bij?"), queryset=RegionalChallenge.objects.none(),
        widget=forms.CheckboxSelectMultiple, required=False,
    )

    class Meta:
        model = Candidacy
        fields = ["legal_form", "is_legal_person", "invoice_only", "contact_email", "challenges",
                  *Candidacy.ANSWER_FIELDS[Criterion.CRUCIAL], *Candidacy.ANSWER_FIELDS[Criterion.FIT]]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for names in Candidacy.ANSWER_FIELDS.values() for name in names}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenges"].queryset = RegionalChallenge.objects.filter(addendum__work_area_id=self.instance.work_area_id)
        self.helper.layout = Layout(
            Fieldset(_("Je organisatie"), "legal_form", "is_legal_person", "invoice_only", "contact_email"),
            Fieldset(_("Regio-uitdagingen"), "challenges"),
            Fieldset(_("Criterium 1: cruciale bijdrage"), *Candidacy.ANSWER_FIELDS[Criterion.CRUCIAL]),
            Fieldset(_("Criterium 2: fit for partnership"), *Candidacy.ANSWER_FIELDS[Criterion.FIT]),
        )


class DocumentForm(CrispyMixin, forms.Form):
    file = forms.FileField(label=_("Bijlage"), help_text=_("PDF, Word, OpenDocument, Excel, PowerPoint, JPG, PNG of tekst; maximaal 10 MB."))


class ConflictForm(CrispyMixin, forms.ModelForm):
    has_conflict = forms.TypedChoiceField(
        label=_("Heb je een belangenconflict met deze kandidaat?"), coerce=lambda v: v == "yes",
        choices=[("no", _("Nee, ik heb geen belangenconflict")), ("yes", _("Ja, ik heb een belangenconflict"))],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ConflictDeclaration
        fields = ["has_conflict", "kind", "explanation", "waived", "waiver_motivation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 2}), "waiver_motivation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["has_conflict"] = "yes" if self.instance.has_conflict else "no"


class ScoreForm(CrispyMixin, forms.Form):
    crucial_value = forms.TypedChoiceField(label=_("Score cruciale bijdrage"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect, help_text=SCALE_HELP)
    crucial_motivation = forms.CharField(label=_("Motivering cruciale bijdrage"), widget=forms.Textarea(attrs={"rows": 4}))
    fit_value = forms.TypedChoiceField(label=_("Score fit for partnership"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect, help_text=SCALE_HELP)
    fit_motivation = forms.CharField(label=_("Motivering fit for partnership"), widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(CrispyMixin, forms.Form):
    method = forms.ChoiceField(label=_("Hoe kwam de jury tot deze score?"), choices=JuryDecision.Method.choices, widget=forms.RadioSelect)
    consensus_score = forms.TypedChoiceField(label=_("Consensusscore"), choices=[("", "—"), *SCORE_CHOICES], coerce=int, required=False, empty_value=None)
    vote_vdab = forms.TypedChoiceField(label=_("Stem VDAB"), choices=[("", "—"), *SCORE_CHOICES], coerce=int, required=False, empty_value=None)
    vote_local_government = forms.TypedChoiceField(label=_("Stem lokaal bestuur"), choices=[("", "—"), *SCORE_CHOICES], coerce=int, required=False, empty_value=None)
    vote_external = forms.TypedChoiceField(label=_("Stem onafhankelijke externen"), choices=[("", "—"), *SCORE_CHOICES], coerce=int, required=False, empty_value=None)
    motivation = forms.CharField(label=_("Motivering van de jury (komt in de beslissingsmail)"), widget=forms.Textarea(attrs={"rows": 3}))


class PitchForm(CrispyMixin, forms.Form):
    scheduled_at = forms.DateTimeField(label=_("Gepland op"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    held_on = forms.DateField(label=_("Gehouden op"), required=False, widget=DateInput())
    attendees = forms.CharField(label=_("Aanwezigen"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MailTemplateForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = DecisionMailTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class AppealForm(CrispyMixin, forms.Form):
    criterion = forms.ChoiceField(label=_("Over welk criterium gaat het?"), choices=Criterion.choices)
    overlooked = forms.CharField(label=_("Welk document of feit werd niet (voldoende) meegenomen?"), widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("Een weerwoord kan enkel over materiële fouten gaan, niet over de inhoudelijke beoordeling."))
    motivation = forms.CharField(label=_("Motivering van het weerwoord"), widget=forms.Textarea(attrs={"rows": 5}))
    attachments = MultipleFileField(label=_("Bijlagen"), required=False)


class AppealAssignForm(CrispyMixin, forms.Form):
    matchmakers = forms.ModelMultipleChoiceField(label=_("Twee matchmakers voor het weerwoord"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, work_area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matchmakers"].queryset = User.objects.filter(
            matching_roles__work_area=work_area, matching_roles__role=MatchingRole.Kind.APPEAL_MATCHMAKER
        ).distinct().order_by("first_name")


class AppealAssessForm(CrispyMixin, forms.Form):
    no_conflict = forms.BooleanField(label=_("Ik verklaar geen belangenconflict te hebben met deze kandidaat"), required=False)
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=Appeal.Outcome.choices, widget=forms.RadioSelect)
    motivation = forms.CharField(label=_("Grondige motivering"), widget=forms.Textarea(attrs={"rows": 5}))


class ComplaintForm(CrispyMixin, forms.Form):
    filed_on = forms.DateField(label=_("Klacht ingediend op"), widget=DateInput())
    note = forms.CharField(label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EmergencyStartForm(CrispyMixin, forms.Form):
    partnership = forms.ModelChoiceField(label=_("Partnerschap"), queryset=None)
    motivation = forms.CharField(label=_("Waarom starten VDAB en het lokaal bestuur de noodprocedure?"), widget=forms.Textarea(attrs={"rows": 4}))
    vdab_representative = forms.ModelChoiceField(label=_("Vertegenwoordiger VDAB"), queryset=User.objects.none())
    local_government_representative = forms.ModelChoiceField(label=_("Vertegenwoordiger lokaal bestuur"), queryset=User.objects.none())

    def __init__(self, *args, work_area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = work_area.partnerships.all()
        self.fields["vdab_representative"].queryset = User.objects.filter(organisation__kind=Organisation.Kind.VDAB, is_active=True).select_related("organisation")
        # Only this work area's local governments: partners of its partnerships, or people with a matching role here.
        from django.db.models import Q

        from .models import MatchingRole

        self.fields["local_government_representative"].queryset = User.objects.filter(
            Q(organisation__in=PartnerOrganisation.objects.filter(partnership__work_area=work_area).values("organisation"))
            | Q(pk__in=MatchingRole.objects.filter(work_area=work_area).values("user")),
            organisation__kind=Organisation.Kind.LOCAL_GOVERNMENT, is_active=True,
        ).select_related("organisation").order_by("first_name", "last_name")


class EmergencyScoreForm(CrispyMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Partner"), queryset=Organisation.objects.none())
    criterion = forms.ChoiceField(label=_("Criterium"), choices=Criterion.choices)
    value = forms.TypedChoiceField(label=_("Score"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect, help_text=SCALE_HELP)
    motivation = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))
    observed_behaviour = forms.CharField(label=_("Geobserveerd gedrag tijdens de partnerschapsvorming (verplicht bij fit for partnership)"),
                                         required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=partnership.partner_organisations.values("organisation")).order_by("name")


class EmergencyRankForm(CrispyMixin, forms.Form):
    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        for org in organisations:
            self.fields[f"rank_{org.pk}"] = forms.IntegerField(label=_("Plaats van %(name)s") % {"name": org.name}, min_value=1, max_value=len(organisations))
            self.fields[f"argument_{org.pk}"] = forms.CharField(label=_("Argumentatie voor %(name)s") % {"name": org.name}, widget=forms.Textarea(attrs={"rows": 2}))

    def ranking(self):
        rows = sorted(self.organisations, key=lambda o: self.cleaned_data[f"rank_{o.pk}"])
        return [(org, self.cleaned_data[f"argument_{org.pk}"]) for org in rows]
