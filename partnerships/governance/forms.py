"""Forms of governance: they validate input; the services decide and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import CrispyMixin, DateInput, apply_service_errors
from django.db.models import Q

from ..models import Organisation, PartnerOrganisation, Partnership, Role
from . import rules, selectors
from .models import (
    Challenge,
    CompositionChange,
    Decision,
    DistributionKey,
    FacetStatus,
    HybridTension,
    Initiative,
    Issue,
    Meeting,
    MeetingAttendance,
    Milestone,
)


def textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        organisation = getattr(user.organisation, "name", "")
        name = user.get_full_name() or user.username
        return f"{name} ({organisation})" if organisation else name


apply_errors = apply_service_errors

class FilterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False)

    def __init__(self, *args, choices=None, choice_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["status"] = forms.ChoiceField(
                label=choice_label or _("Status"), required=False, choices=[("", _("Alle"))] + list(choices)
            )

    def add_choice(self, name, label, choices):
        self.fields[name] = forms.ChoiceField(label=label, required=False, choices=[("", _("Alle"))] + list(choices))

    def value(self, name):
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


# --- Meetings --------------------------------------------------------------------------


class MeetingForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "held_on", "title", "location", "minutes"]
        widgets = {"held_on": DateInput(), "minutes": textarea(8)}
        help_texts = {"minutes": _("Het verslag: wat besproken werd. Besluiten en afspraken noteer je apart.")}

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, label) for k, label in Meeting.Kind.choices if k in kinds]


class AttendanceForm(CrispyMixin, forms.Form):
    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        current = dict(MeetingAttendance.objects.filter(meeting=meeting).values_list("user_id", "presence"))
        self.people = list(selectors.partnership_members(meeting.partnership_id))
        choices = [("", _("Niet vermeld"))] + list(MeetingAttendance.Presence.choices)
        for person in self.people:
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=PersonChoiceField.label_from_instance(None, person), choices=choices, required=False,
                initial=current.get(person.pk, ""),
            )

    def presence(self) -> dict[int, str]:
        return {person.pk: self.cleaned_data.get(f"person_{person.pk}", "") for person in self.people}


class AgendaItemForm(CrispyMixin, forms.Form):
    title = forms.CharField(label=_("Agendapunt"), max_length=200)
    description = forms.CharField(label=_("Toelichting"), required=False, widget=textarea())
    issue = forms.ModelChoiceField(label=_("Gekoppelde kwestie"), required=False, queryset=Issue.objects.none())
    initiative = forms.ModelChoiceField(
        label=_("Gekoppeld verbeterinitiatief"), required=False, queryset=Initiative.objects.none()
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = Issue.objects.filter(partnership_id=meeting.partnership_id).exclude(
            status=rules.IssueStatus.CLOSED)
        self.fields["initiative"].queryset = Initiative.objects.filter(partnership_id=meeting.partnership_id).exclude(
            status__in=[rules.InitiativeStatus.WIDENED, rules.InitiativeStatus.STOPPED])


class DecisionForm(CrispyMixin, forms.Form):
    title = forms.CharField(label=_("Onderwerp"), max_length=200)
    proposal = forms.CharField(label=_("Voorstel"), widget=textarea(4))
    method = forms.ChoiceField(
        label=_("Besluitvormingsmethode"), choices=rules.Method.choices, initial=rules.Method.CONSENT,
        help_text=_("Consent heeft de voorkeur: aangenomen als er geen beargumenteerd bezwaar meer openstaat."),
    )
    agenda_item = forms.ModelChoiceField(label=_("Agendapunt"), required=False, queryset=None)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position")


class ObjectionForm(CrispyMixin, forms.Form):
    raised_by = PersonChoiceField(label=_("Bezwaar van"), queryset=None)
    reasoning = forms.CharField(label=_("Beargumentering van het bezwaar"), widget=textarea())
    round = forms.IntegerField(label=_("Ronde"), min_value=1, max_value=20, required=False,
                               help_text=_("Leeg: de huidige ronde. Een nieuwe ronde na een aangepast voorstel."))

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raised_by"].queryset = selectors.partnership_members(decision.partnership_id)


class ResolveForm(CrispyMixin, forms.Form):
    resolution = forms.CharField(label=_("Hoe werd het bezwaar opgelost?"), widget=textarea(2))


class ConcludeForm(CrispyMixin, forms.Form):
    decided_on = forms.DateField(label=_("Besloten op"), required=False, widget=DateInput(),
                                 help_text=_("Leeg: de datum van de vergadering."))
    votes_for = forms.IntegerField(label=_("Stemmen voor"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Stemmen tegen"), min_value=0, required=False)
    votes_abstain = forms.IntegerField(label=_("Onthoudingen"), min_value=0, required=False)
    rationale = forms.CharField(label=_("Motivering / leerpunt"), required=False, widget=textarea(2))

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        if decision.method != rules.Method.MAJORITY:
            for name in ("votes_for", "votes_against", "votes_abstain"):
                del self.fields[name]
        else:
            self.fields["votes_for"].help_text = rules.MAJORITY_RULE


class AgreementForm(CrispyMixin, forms.Form):
    description = forms.CharField(label=_("Afspraak"), max_length=300)
    owner = PersonChoiceField(label=_("Eigenaar"), queryset=None)
    due_on = forms.DateField(label=_("Uiterlijk op"), widget=DateInput())
    decision = forms.ModelChoiceField(label=_("Bij besluit"), required=False, queryset=None)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.partnership_members(meeting.partnership_id)
        self.fields["decision"].queryset = meeting.decisions.all()


# --- Issues ----------------------------------------------------------------------------------


class IssueForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["title", "description", "why_team_cannot_solve"]
        widgets = {"description": textarea(4), "why_team_cannot_solve": textarea(3)}
        help_texts = {
            "why_team_cannot_solve": _("Het team pakt oorzaken eerst zelf aan; escaleer wat een breder mandaat vraagt."),
        }


class IssueAssignForm(CrispyMixin, forms.Form):
    responsible = PersonChoiceField(label=_("Verantwoordelijk bestuurslid"), queryset=None)
    handling = forms.CharField(label=_("Aanpak door de bestuursraad"), required=False, widget=textarea())
    escalated_further_to = forms.CharField(
        label=_("Verder geëscaleerd naar"), required=False, max_length=200,
        help_text=_("Bv. het directiecomité van de eigen organisatie."),
    )
    feedback_due_on = forms.DateField(label=_("Terugkoppeling aan het team tegen"), required=False, widget=DateInput())

    def __init__(self, *args, issue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = selectors.partnership_members(issue.partnership_id, Role.BOARD_MEMBER)


class FeedbackForm(CrispyMixin, forms.Form):
    feedback = forms.CharField(label=_("Terugkoppeling aan het team"), widget=textarea())


# --- Initiatives -------------------------------------------------------------------------------


class FailureDemandChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, fd):
        description = fd.description if len(fd.description) <= 80 else fd.description[:79] + "…"
        return f"{fd.occurred_on:%d/%m/%Y} – {fd.case} – {fd.get_cause_display()}: {description}"


class InitiativeForm(CrispyMixin, forms.ModelForm):
    """``failure_demands`` offers the failure demands registered in the partnership's
    cases, only to someone who may read those cases; for others the field is left out."""

    class Meta:
        model = Initiative
        fields = [
            "title", "waste_or_failure_demand", "cause", "failure_demands", "failure_demand_reference", "rationale",
            "requirements", "needs_new_competences", "needs_new_partner", "evaluation_method", "pilot_group",
        ]
        widgets = {
            "waste_or_failure_demand": textarea(), "cause": textarea(), "rationale": textarea(),
            "requirements": textarea(), "evaluation_method": textarea(),
        }
        field_classes = {"failure_demands": FailureDemandChoiceField}

    def __init__(self, *args, partnership=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from cases.models import FailureDemand

        from ..access import Perm, perms_in

        if partnership is None or user is None or Perm.VIEW_CASES not in perms_in(user, partnership):
            del self.fields["failure_demands"]
            return
        field = self.fields["failure_demands"]
        field.queryset = (FailureDemand.objects.filter(case__partnership=partnership)
                          .select_related("case").order_by("-occurred_on", "-pk"))
        field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        field.required = False


class InitiativeEditForm(InitiativeForm):
    class Meta(InitiativeForm.Meta):
        fields = InitiativeForm.Meta.fields + ["board_discussion"]
        widgets = {**InitiativeForm.Meta.widgets, "board_discussion": textarea()}


class TransitionForm(CrispyMixin, forms.Form):
    target = forms.ChoiceField(label=_("Naar status"), choices=rules.InitiativeStatus.choices)
    decision = forms.ModelChoiceField(
        label=_("Consentbesluit van het team"), required=False, queryset=Decision.objects.none(),
        help_text=_("Een aangenomen consentbesluit van een teamoverleg."),
    )
    evaluation = forms.CharField(label=_("Evaluatie"), required=False, widget=textarea())
    outcome_reason = forms.CharField(label=_("Reden"), required=False, widget=textarea(2))

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Decision.objects.filter(
            partnership_id=initiative.partnership_id, method=rules.Method.CONSENT, status=Decision.Status.ADOPTED,
            meeting__kind=Meeting.Kind.FIELD_TEAM,
        ).select_related("meeting")


class IterationForm(CrispyMixin, forms.Form):
    description = forms.CharField(label=_("Wat we uitprobeerden"), widget=textarea())
    learnings = forms.CharField(label=_("Wat we leerden"), required=False, widget=textarea())
    started_on = forms.DateField(label=_("Gestart op"), widget=DateInput())
    ended_on = forms.DateField(label=_("Afgerond op"), required=False, widget=DateInput())


# --- Composition -----------------------------------------------------------------------------------


class CompositionChangeForm(CrispyMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=Organisation.objects.order_by("name"))
    kind = forms.ChoiceField(
        label=_("Soort wijziging"), choices=CompositionChange.Kind.choices,
        help_text=_("Treedt een partner uit of wordt hij losgelaten, dan verliezen zijn medewerkers op de "
                    "ingangsdatum hun rollen in dit partnerschap."),
    )
    effective_on = forms.DateField(label=_("Ingangsdatum"), widget=DateInput())
    decision = forms.ModelChoiceField(label=_("Besluit van de bestuursraad"), queryset=None)
    learning = forms.CharField(label=_("Leerpunt dat de wijziging motiveert"), widget=textarea())
    role_description = forms.CharField(label=_("Rol in het partnerschap (bij toetreden)"), required=False, max_length=300)

    def __init__(self, *args, partnership, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Organisations in no partnership or in the user's own: other partnerships' members stay out of sight.
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Q(partnerships__isnull=True) | Q(partnerships__in=Partnership.objects.for_user(user))
        ).distinct().order_by("name")
        self.fields["decision"].queryset = Decision.objects.filter(
            partnership=partnership, status=Decision.Status.ADOPTED, meeting__kind=Meeting.Kind.BOARD
        ).select_related("meeting")
        self.fields["decision"].label_from_instance = lambda d: f"{d.decided_on:%d/%m/%Y} – {d.title}"


class ChallengeForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Challenge
        fields = ["challenger", "lodged_on", "claimed_added_value"]
        widgets = {"lodged_on": DateInput(), "claimed_added_value": textarea()}


class ChallengeDecideForm(CrispyMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[c for c in Challenge.Outcome.choices if c[0] != Challenge.Outcome.PENDING],
    )
    outcome_note = forms.CharField(label=_("Toelichting"), required=False, widget=textarea())
    decision = forms.ModelChoiceField(label=_("Besluit"), required=False, queryset=None)

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Decision.objects.filter(partnership_id=challenge.partnership_id).exclude(
            status=Decision.Status.PROPOSED)


class SettingsForm(CrispyMixin, forms.Form):
    challenge_after_months = forms.IntegerField(
        label=_("Recht om uit te dagen opent na (maanden)"), min_value=1, max_value=72,
        help_text=_("Standaard 36 maanden (3 jaar) na de start."),
    )


# --- Collaboration model -------------------------------------------------------------------------------


class FacetForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = FacetStatus
        fields = ["status", "strengths", "attention_points"]
        widgets = {"status": forms.RadioSelect, "strengths": textarea(), "attention_points": textarea()}


class CollaborationAgreementForm(CrispyMixin, forms.Form):
    name = forms.CharField(label=_("Naam van de samenwerkingsovereenkomst"), max_length=200)
    description = forms.CharField(label=_("Omschrijving"), required=False, widget=textarea(2))


class TensionForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = HybridTension
        fields = ["agreement", "domain", "canvas_block", "title", "description", "handling"]
        widgets = {"description": textarea(), "handling": textarea()}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = partnership.collaboration_agreements.order_by("name")
        self.fields["agreement"].label = _("Samenwerkingsovereenkomst")
        self.fields["agreement"].empty_label = None


class DistributionKeyForm(CrispyMixin, forms.Form):
    agreement = forms.ModelChoiceField(label=_("Samenwerkingsovereenkomst"), queryset=None, empty_label=None)
    applies_to = forms.ChoiceField(label=_("Geldt voor"), choices=DistributionKey.AppliesTo.choices)
    valid_from = forms.DateField(label=_("Geldig vanaf"), widget=DateInput())
    note = forms.CharField(label=_("Toelichting"), required=False, widget=textarea(2))

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = partnership.collaboration_agreements.order_by("name")
        self.partners = [
            member.organisation for member in
            PartnerOrganisation.objects.filter(partnership=partnership).select_related("organisation")
        ]
        for organisation in self.partners:
            self.fields[f"share_{organisation.pk}"] = forms.DecimalField(
                label=_("Aandeel %(name)s (%%)") % {"name": organisation.name}, required=False,
                min_value=0, max_value=100, max_digits=5, decimal_places=2, localize=True,
            )

    def shares(self):
        return [
            (organisation, self.cleaned_data[f"share_{organisation.pk}"])
            for organisation in self.partners
            if self.cleaned_data.get(f"share_{organisation.pk}")
        ]


# --- Milestones ---------------------------------------------------------------------------------------------


class MilestoneForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["period", "title", "description", "planned_on", "status", "done_on"]
        widgets = {"planned_on": DateInput(), "done_on": DateInput(), "description": textarea()}
