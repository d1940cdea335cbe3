"""Governance JSON API: meetings, decisions, issues and initiatives.

Same scoping as the web pages (ScopedViewSetMixin: objects outside the user's
partnerships are 404); every write goes through services.py, which decides who
may act (403) and validates (400 with the same messages as the forms)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ..api import ScopedViewSetMixin, django_validation_to_drf
from ..models import Partnership, User
from . import rules, services
from .models import AgendaItem, Decision, Initiative, InitiativeIteration, Issue, Meeting, Objection


ERROR_NO_SUCH_OBJECTION = _("Dit bezwaar hoort niet bij dit besluit.")


class ScopedSlugField(serializers.SlugRelatedField):
    """An object of the user's own partnerships, by its code (others do not exist)."""

    def __init__(self, model, **kwargs):
        self.model = model
        kwargs.setdefault("slug_field", "code")
        super().__init__(queryset=model.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model.objects.for_user(request.user if request else None)


class PersonField(serializers.SlugRelatedField):
    """A person by username, among the people with a role in the user's partnerships."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="username", queryset=User.objects.all(), **kwargs)

    def get_queryset(self):
        from ..access import partnership_ids_subquery

        request = self.context.get("request")
        return User.objects.filter(memberships__partnership_id__in=partnership_ids_subquery(request.user)).distinct()


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise django_validation_to_drf(exc) from exc


class GovernanceViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    # Who may write is decided per action by the services (403 with the reason).
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "code"


# --- Meetings ----------------------------------------------------------------------------


class AgendaItemSerializer(serializers.ModelSerializer):
    added_by = serializers.CharField(source="added_by.username", read_only=True, default=None)
    issue = serializers.UUIDField(source="issue.code", read_only=True, default=None)
    initiative = serializers.UUIDField(source="initiative.code", read_only=True, default=None)

    class Meta:
        model = AgendaItem
        fields = ["position", "title", "description", "added_by", "issue", "initiative"]


class MeetingSerializer(serializers.ModelSerializer):
    partnership = ScopedSlugField(Partnership)
    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    decisions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Meeting
        fields = ["code", "partnership", "kind", "title", "held_on", "location", "minutes", "agenda_items",
                  "decisions", "minutes_pdf_status"]
        read_only_fields = ["code", "minutes_pdf_status"]


class MeetingViewSet(GovernanceViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Board and field-team meetings; the coordinator prepares them (the field team its own)."""

    queryset = Meeting.objects.select_related("partnership").prefetch_related(
        "decisions", "agenda_items__added_by", "agenda_items__issue", "agenda_items__initiative"
    ).order_by("-held_on", "-pk")
    serializer_class = MeetingSerializer
    lookup_url_kwarg = "meeting"
    filterset_fields = ["kind"]

    def perform_create(self, serializer):
        serializer.instance = _call(services.meeting_create, by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        changes = dict(serializer.validated_data)
        if changes.pop("partnership", serializer.instance.partnership) != serializer.instance.partnership:
            raise serializers.ValidationError({"partnership": services.ERROR_OTHER_PARTNERSHIP})
        serializer.instance = _call(services.meeting_update, meeting=serializer.instance, by=self.request.user, **changes)


# --- Decisions ----------------------------------------------------------------------------


class ObjectionSerializer(serializers.ModelSerializer):
    raised_by = serializers.CharField(source="raised_by.username", read_only=True, default=None)

    class Meta:
        model = Objection
        fields = ["id", "round", "raised_by", "reasoning", "resolution", "resolved_at"]


class DecisionSerializer(serializers.ModelSerializer):
    meeting = ScopedSlugField(Meeting)
    partnership = serializers.UUIDField(source="partnership.code", read_only=True)
    objections = ObjectionSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = ["code", "partnership", "meeting", "title", "proposal", "method", "status", "votes_for",
                  "votes_against", "votes_abstain", "rationale", "decided_on", "objections"]
        read_only_fields = ["code", "status", "votes_for", "votes_against", "votes_abstain", "rationale", "decided_on"]


class ObjectionInput(serializers.Serializer):
    reasoning = serializers.CharField()
    raised_by = PersonField(required=False)


class ResolveInput(serializers.Serializer):
    objection = serializers.IntegerField(help_text="id of the objection")
    resolution = serializers.CharField()


class ConcludeInput(serializers.Serializer):
    decided_on = serializers.DateField(required=False)
    votes_for = serializers.IntegerField(required=False, min_value=0)
    votes_against = serializers.IntegerField(required=False, min_value=0)
    votes_abstain = serializers.IntegerField(required=False, min_value=0)
    rationale = serializers.CharField(required=False, allow_blank=True)


class DecisionViewSet(GovernanceViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """The decision log. Consent: add objections, resolve them, conclude (adopted only when none is open).
    Majority: conclude with the votes (more for than against; abstentions do not count)."""

    queryset = Decision.objects.select_related("partnership", "meeting").prefetch_related(
        "objections__raised_by").order_by("-decided_on", "-created_at")
    serializer_class = DecisionSerializer
    lookup_url_kwarg = "decision"
    filterset_fields = ["method", "status"]

    def perform_create(self, serializer):
        serializer.instance = _call(services.decision_create, by=self.request.user, **serializer.validated_data)

    def _respond(self, decision):
        decision = self.get_queryset().get(pk=decision.pk)
        return Response(DecisionSerializer(decision, context=self.get_serializer_context()).data)

    @extend_schema(request=ObjectionInput, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def objections(self, request, decision=None):
        decision = self.get_object()
        data = ObjectionInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        _call(services.objection_add, decision=decision, by=request.user, **data.validated_data)
        return self._respond(decision)

    @extend_schema(request=ResolveInput, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, decision=None):
        decision = self.get_object()
        data = ResolveInput(data=request.data)
        data.is_valid(raise_exception=True)
        objection = decision.objections.filter(pk=data.validated_data["objection"]).first()
        if objection is None:
            raise serializers.ValidationError({"objection": ERROR_NO_SUCH_OBJECTION})
        _call(services.objection_resolve, objection=objection, by=request.user,
              resolution=data.validated_data["resolution"])
        return self._respond(decision)

    @extend_schema(request=ConcludeInput, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, decision=None):
        decision = self.get_object()
        data = ConcludeInput(data=request.data)
        data.is_valid(raise_exception=True)
        _call(services.decision_conclude, decision=decision, by=request.user, **data.validated_data)
        return self._respond(decision)


# --- Issues ----------------------------------------------------------------------------------


class IssueSerializer(serializers.ModelSerializer):
    partnership = ScopedSlugField(Partnership)
    raised_by = serializers.CharField(source="raised_by.username", read_only=True)
    responsible = serializers.CharField(source="responsible.username", read_only=True, default=None)
    feedback_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Issue
        fields = ["code", "partnership", "title", "description", "why_team_cannot_solve", "status", "raised_by",
                  "raised_on", "last_raised_on", "responsible", "handling", "escalated_further_to",
                  "feedback_due_on", "feedback", "feedback_given_on", "feedback_overdue", "closed_on"]
        read_only_fields = ["code", "status", "raised_on", "last_raised_on", "handling", "escalated_further_to",
                            "feedback_due_on", "feedback", "feedback_given_on", "closed_on"]

    def get_feedback_overdue(self, issue) -> bool:
        from .selectors import today

        return rules.feedback_overdue(status=issue.status, feedback_due_on=issue.feedback_due_on,
                                      feedback_given_on=issue.feedback_given_on, today=today())


class AssignInput(serializers.Serializer):
    responsible = PersonField()
    handling = serializers.CharField(required=False, allow_blank=True)
    escalated_further_to = serializers.CharField(required=False, allow_blank=True)
    feedback_due_on = serializers.DateField(required=False, allow_null=True)


class FeedbackInput(serializers.Serializer):
    feedback = serializers.CharField()


class IssueViewSet(GovernanceViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Escalated issues: the field team raises, a board member handles, feedback before closing."""

    queryset = Issue.objects.select_related("partnership", "raised_by", "responsible").order_by("-raised_on", "-pk")
    serializer_class = IssueSerializer
    lookup_url_kwarg = "issue"
    filterset_fields = ["status"]

    def perform_create(self, serializer):
        serializer.instance = _call(services.issue_raise, by=self.request.user, **serializer.validated_data)

    def _respond(self, issue):
        return Response(IssueSerializer(self.get_queryset().get(pk=issue.pk), context=self.get_serializer_context()).data)

    @extend_schema(request=AssignInput, responses=IssueSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, issue=None):
        issue = self.get_object()
        data = AssignInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        _call(services.issue_assign, issue=issue, by=request.user, **data.validated_data)
        return self._respond(issue)

    @extend_schema(request=FeedbackInput, responses=IssueSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request, issue=None):
        issue = self.get_object()
        data = FeedbackInput(data=request.data)
        data.is_valid(raise_exception=True)
        _call(services.issue_give_feedback, issue=issue, by=request.user, **data.validated_data)
        return self._respond(issue)

    @extend_schema(request=None, responses=IssueSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, issue=None):
        issue = self.get_object()
        _call(services.issue_close, issue=issue, by=request.user)
        return self._respond(issue)


# --- Initiatives ------------------------------------------------------------------------------------


class IterationSerializer(serializers.ModelSerializer):
    class Meta:
        model = InitiativeIteration
        fields = ["number", "description", "learnings", "started_on", "ended_on"]


class InitiativeSerializer(serializers.ModelSerializer):
    partnership = ScopedSlugField(Partnership)
    proposed_by = serializers.CharField(source="proposed_by.username", read_only=True)
    consent_decision = serializers.UUIDField(source="consent_decision.code", read_only=True, default=None)
    iterations = IterationSerializer(many=True, read_only=True)

    class Meta:
        model = Initiative
        fields = ["code", "partnership", "title", "waste_or_failure_demand", "cause", "failure_demand_reference",
                  "rationale", "requirements", "needs_new_competences", "needs_new_partner", "evaluation_method",
                  "pilot_group", "status", "proposed_by", "proposed_on", "consent_decision", "board_discussion",
                  "shared_on", "piloting_since", "evaluation", "closed_on", "outcome_reason", "iterations"]
        read_only_fields = ["code", "status", "proposed_on", "board_discussion", "shared_on", "piloting_since",
                            "evaluation", "closed_on", "outcome_reason"]


class TransitionInput(serializers.Serializer):
    target = serializers.ChoiceField(choices=rules.InitiativeStatus.choices)
    decision = serializers.UUIDField(required=False, help_text="code of the field team's consent decision")
    evaluation = serializers.CharField(required=False, allow_blank=True)
    outcome_reason = serializers.CharField(required=False, allow_blank=True)


class InitiativeViewSet(GovernanceViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Improvement initiatives: proposed → consented → shared → piloting → evaluated → widened|stopped."""

    queryset = Initiative.objects.select_related("partnership", "proposed_by", "consent_decision").prefetch_related(
        "iterations").order_by("-proposed_on", "-pk")
    serializer_class = InitiativeSerializer
    lookup_url_kwarg = "initiative"
    filterset_fields = ["status"]

    def perform_create(self, serializer):
        serializer.instance = _call(services.initiative_propose, by=self.request.user, **serializer.validated_data)

    @extend_schema(request=TransitionInput, responses=InitiativeSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, initiative=None):
        initiative = self.get_object()
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "decision" in values:
            values["decision"] = Decision.objects.for_user(request.user).filter(
                code=values["decision"]).select_related("meeting").first()
        _call(services.initiative_transition, initiative=initiative, by=request.user, **values)
        initiative = self.get_queryset().get(pk=initiative.pk)
        return Response(InitiativeSerializer(initiative, context=self.get_serializer_context()).data,
                        status=status.HTTP_200_OK)


routes = [
    ("governance/meetings", MeetingViewSet, "governance-meeting"),
    ("governance/decisions", DecisionViewSet, "governance-decision"),
    ("governance/issues", IssueViewSet, "governance-issue"),
    ("governance/initiatives", InitiativeViewSet, "governance-initiative"),
]
