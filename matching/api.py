"""The matching's JSON API: the same services (same rules, ValidationError -> 400,
PermissionDenied -> 403) and the same work-area scoping (404 outside it) as the web views."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from partnerships.api import django_validation_to_drf
from partnerships.models import Partnership, User

from . import selectors, services
from .access import MPerm, area_ids_subquery, has_matching_perm, is_candidate_of
from .models import (
    Appeal,
    Candidacy,
    TEMPLATE_KINDS,
    Criterion,
    DecisionMail,
    EmergencyProcedure,
    FinalReport,
    JuryDecision,
    Group,
    LocalAddendum,
    MatchingArea,
    MatchingRole,
    RegionalChallenge,
    Score,
)


def _call(func, **kwargs):
    try:
        return func(**kwargs)
    except DjangoValidationError as exc:
        raise django_validation_to_drf(exc) from exc


class MatchingScoped:
    """Querysets scoped by ``for_user`` (work area or own candidacies)."""

    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user)


# --- Serializers ----------------------------------------------------------------------

class MatchingChallengeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegionalChallenge
        fields = ["id", "title", "target_groups", "obstacles", "opportunities", "objectives"]


class MatchingAddendumSerializer(serializers.ModelSerializer):
    work_area = serializers.UUIDField(source="work_area.code", read_only=True)
    work_area_name = serializers.CharField(source="work_area.name", read_only=True)
    challenges = MatchingChallengeSerializer(many=True, read_only=True)

    class Meta:
        model = LocalAddendum
        fields = ["work_area", "work_area_name", "status", "boundaries", "local_needs", "personas", "arena_analysis",
                  "needs_motivation", "publication_date", "candidacy_deadline", "pitch_moments", "expected_decision_date",
                  "contacts", "challenges"]


class MatchingAddendumWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = LocalAddendum
        fields = list(services.ADDENDUM_FIELDS)


class MatchingWorkAreaSerializer(serializers.ModelSerializer):
    addendum_status = serializers.SerializerMethodField()

    class Meta:
        model = MatchingArea
        fields = ["code", "name", "municipalities", "addendum_status"]

    def get_addendum_status(self, obj) -> str | None:
        addendum = getattr(obj, "addendum", None)
        return addendum.status if addendum else None


ANSWER_FIELDS = [*Candidacy.ANSWER_FIELDS[Criterion.CRUCIAL], *Candidacy.ANSWER_FIELDS[Criterion.FIT]]


class MatchingCandidacySerializer(serializers.ModelSerializer):
    work_area = serializers.SlugRelatedField(slug_field="code", queryset=MatchingArea.objects.all())
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    challenges = serializers.PrimaryKeyRelatedField(many=True, queryset=RegionalChallenge.objects.all(), required=False)

    class Meta:
        model = Candidacy
        fields = ["code", "work_area", "organisation", "stage", "legal_form", "is_legal_person", "invoice_only",
                  "contact_email", "challenges", *ANSWER_FIELDS, "submitted_at"]
        read_only_fields = ["code", "stage", "submitted_at"]


class MatchingConflictSerializer(serializers.Serializer):
    has_conflict = serializers.BooleanField()
    kind = serializers.CharField(required=False, allow_blank=True, default="")
    explanation = serializers.CharField(required=False, allow_blank=True, default="")
    waived = serializers.BooleanField(required=False, default=False)
    waiver_motivation = serializers.CharField(required=False, allow_blank=True, default="")


class MatchingScoreSerializer(serializers.ModelSerializer):
    matchmaker = serializers.CharField(source="matchmaker.get_full_name", read_only=True)
    supersedes = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Score
        fields = ["id", "round", "criterion", "value", "motivation", "matchmaker", "created_at", "supersedes"]
        read_only_fields = ["id", "matchmaker", "created_at", "supersedes"]


class MatchingVotesSerializer(serializers.Serializer):
    vdab = serializers.IntegerField(required=False, allow_null=True)
    local_government = serializers.IntegerField(required=False, allow_null=True)
    external = serializers.IntegerField(required=False, allow_null=True)


class MatchingDecisionSerializer(serializers.ModelSerializer):
    consensus_score = serializers.IntegerField(write_only=True, required=False, allow_null=True)
    votes = MatchingVotesSerializer(write_only=True, required=False)

    class Meta:
        model = JuryDecision
        fields = ["round", "criterion", "method", "motivation", "consensus_score", "votes", "vote_vdab",
                  "vote_local_government", "vote_external", "score", "decided_at"]
        read_only_fields = ["vote_vdab", "vote_local_government", "vote_external", "score", "decided_at"]


class MatchingPitchSerializer(serializers.Serializer):
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True)
    held_on = serializers.DateField(required=False, allow_null=True)
    attendees = serializers.CharField(required=False, allow_blank=True, default="")


class MatchingAppealLodgeSerializer(serializers.Serializer):
    criterion = serializers.ChoiceField(choices=Criterion.choices)
    overlooked = serializers.CharField()
    motivation = serializers.CharField()


class MatchingAppealSerializer(serializers.ModelSerializer):
    candidacy = serializers.UUIDField(source="candidacy.code", read_only=True)

    class Meta:
        model = Appeal
        fields = ["code", "candidacy", "round", "criterion", "overlooked", "motivation", "lodged_at", "status", "outcome",
                  "decided_at", "complaint_filed_on"]


class MatchingAppealAssignSerializer(serializers.Serializer):
    matchmakers = serializers.ListField(child=serializers.CharField(), help_text="usernames of the two appeal matchmakers")


class MatchingAppealAssessSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Appeal.Outcome.choices)
    motivation = serializers.CharField()
    no_conflict = serializers.BooleanField()


class MatchingDecisionMailSerializer(serializers.ModelSerializer):
    candidacy = serializers.UUIDField(source="candidacy.code", read_only=True)

    class Meta:
        model = DecisionMail
        fields = ["code", "candidacy", "kind", "round", "subject", "body", "recipients", "status", "sent_at",
                  "stated_appeal_deadline", "carries_appeal_procedure"]


class MatchingFinalReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = FinalReport
        fields = ["code", "version", "status", "created_at", "finished_at"]


class MatchingEmergencyStartSerializer(serializers.Serializer):
    partnership = serializers.SlugRelatedField(slug_field="code", queryset=Partnership.objects.all())
    motivation = serializers.CharField()
    vdab_representative = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all())
    local_government_representative = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all())


class MatchingEmergencySerializer(serializers.ModelSerializer):
    partnership = serializers.UUIDField(source="partnership.code", read_only=True)
    is_signed = serializers.BooleanField(read_only=True)
    results = serializers.SerializerMethodField()

    class Meta:
        model = EmergencyProcedure
        fields = ["code", "partnership", "motivation", "started_on", "vdab_signed_at", "local_government_signed_at",
                  "is_signed", "results"]
        read_only_fields = fields

    def get_results(self, obj) -> list[dict]:
        scores: dict = {}
        for row in obj.scores.select_related("organisation"):
            scores.setdefault(row.organisation.name, {})[row.criterion] = row.value
        ranks = {r.organisation_id: r.rank for r in obj.rankings.all()}
        names = {r.organisation_id: r.organisation.name for r in obj.rankings.select_related("organisation")}
        by_name = {names[k]: v for k, v in ranks.items()}
        from . import rules

        return [{"organisation": name, **s, "selected": rules.passes(s.get("crucial"), s.get("fit")), "rank": by_name.get(name)}
                for name, s in sorted(scores.items())]


class MatchingEmergencyScoreSerializer(serializers.Serializer):
    organisation = serializers.CharField(help_text="the partner organisation's name")
    criterion = serializers.ChoiceField(choices=Criterion.choices)
    value = serializers.IntegerField()
    motivation = serializers.CharField()
    observed_behaviour = serializers.CharField(required=False, allow_blank=True, default="")


class MatchingRoleSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all())
    role = serializers.ChoiceField(choices=MatchingRole.Kind.choices)
    group = serializers.ChoiceField(choices=[("", "—"), *Group.choices], required=False, allow_blank=True, default="")


class MatchingMailTemplateSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField()


class MatchingDocumentSerializer(serializers.Serializer):
    code = serializers.UUIDField(read_only=True)
    file = serializers.FileField(write_only=True)
    name = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)


class MatchingComplaintSerializer(serializers.Serializer):
    filed_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MatchingRankSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    argument = serializers.CharField()


# --- Viewsets ---------------------------------------------------------------------------

class PublishedAddendumViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Published addenda of every work area (the public list)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MatchingAddendumSerializer

    def get_queryset(self):
        return selectors.published_addenda()


class WorkAreaViewSet(MatchingScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Work areas in which the user has a matching role."""

    queryset = MatchingArea.objects.select_related("addendum").order_by("name")
    serializer_class = MatchingWorkAreaSerializer
    lookup_field = "code"
    lookup_url_kwarg = "work_area"

    def _require(self, area, *perms):
        if not any(has_matching_perm(self.request.user, area, p) for p in perms):
            raise PermissionDenied

    @extend_schema(request=MatchingAddendumWriteSerializer, responses=MatchingAddendumSerializer)
    @action(detail=True, methods=["get", "put"])
    def addendum(self, request, work_area=None):
        area = self.get_object()
        if request.method == "GET":
            addendum = LocalAddendum.objects.filter(work_area=area).first()
            if addendum is None:
                raise NotFound
            return Response(MatchingAddendumSerializer(addendum).data)
        serializer = MatchingAddendumWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        addendum = _call(services.addendum_save, work_area=area, by=request.user, **serializer.validated_data)
        return Response(MatchingAddendumSerializer(addendum).data)

    @extend_schema(request=MatchingChallengeSerializer, responses=MatchingChallengeSerializer)
    @action(detail=True, methods=["post"])
    def challenges(self, request, work_area=None):
        area = self.get_object()
        addendum = LocalAddendum.objects.filter(work_area=area).first()
        if addendum is None:
            addendum = _call(services.addendum_save, work_area=area, by=request.user)
        serializer = MatchingChallengeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        challenge = _call(services.challenge_add, addendum=addendum, by=request.user, **serializer.validated_data)
        return Response(MatchingChallengeSerializer(challenge).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MatchingRoleSerializer, responses=MatchingRoleSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def roles(self, request, work_area=None):
        """The jury and the other matching roles of the work area; the coordinator grants roles."""
        area = self.get_object()
        self._require(area, MPerm.MANAGE, MPerm.OBSERVE)
        if request.method == "POST":
            serializer = MatchingRoleSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            _call(services.matching_role_grant, work_area=area, by=request.user, **serializer.validated_data)
        roles = MatchingRole.objects.filter(work_area=area).select_related("user")
        return Response(MatchingRoleSerializer(roles, many=True).data,
                        status=status.HTTP_201_CREATED if request.method == "POST" else status.HTTP_200_OK)

    @extend_schema(request=MatchingMailTemplateSerializer, responses=MatchingMailTemplateSerializer)
    @action(detail=True, methods=["get", "put"], url_path=r"mail-templates/(?P<mail_kind>[a-z0-9_]+)")
    def mail_template(self, request, work_area=None, mail_kind=None):
        area = self.get_object()
        self._require(area, MPerm.MANAGE)
        if mail_kind not in [k.value for k in TEMPLATE_KINDS]:
            raise NotFound
        if request.method == "PUT":
            serializer = MatchingMailTemplateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            _call(services.mail_template_save, work_area=area, kind=mail_kind, by=request.user, **serializer.validated_data)
        subject, body = services.mail_template_for(area, mail_kind)
        return Response({"subject": subject, "body": body})

    @extend_schema(request=None, responses=MatchingAddendumSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, work_area=None):
        area = self.get_object()
        addendum = LocalAddendum.objects.filter(work_area=area).first()
        if addendum is None:
            raise NotFound
        return Response(MatchingAddendumSerializer(_call(services.addendum_publish, addendum=addendum, by=request.user)).data)

    @action(detail=True, methods=["get"], url_path=r"jury/(?P<round>[12])")
    def jury(self, request, work_area=None, round=None):
        """The jury grid: candidates × matchmakers, as the user may see it (scores hidden before one's own)."""
        area = self.get_object()
        self._require(area, MPerm.SCORE, MPerm.SEE_ALL_SCORES)
        grid = selectors.jury_grid(area, int(round), request.user)
        rows = []
        for row in grid["rows"]:
            cells = []
            for cell in row.cells:
                values = {c: ("hidden" if v == "hidden" else (v.value if v else None)) for c, v in cell.values.items()}
                cells.append({"matchmaker": str(cell.member.user), "group": cell.member.group, "declared": cell.declared,
                              "recused": cell.recused, **values})
            rows.append({"candidacy": str(row.candidacy.code), "organisation": row.candidacy.organisation.name,
                         "stage": row.candidacy.stage, "jury_valid": row.jury_valid, "missing_groups": list(row.missing_groups),
                         "disagreement": row.disagreement, "cells": cells,
                         "decisions": {c: (d.score if d else None) for c, d in row.decisions.items()}})
        return Response({"round": int(round), "rows": rows})

    @action(detail=True, methods=["get"], url_path=r"progress/(?P<round>[12])")
    def progress(self, request, work_area=None, round=None):
        area = self.get_object()
        self._require(area, MPerm.MANAGE, MPerm.OBSERVE)
        return Response([{"matchmaker": str(r["member"].user), "group": r["member"].group, "scored": r["scored"],
                          "missing": r["missing"], "recused": r["recused"], "total": r["total"]}
                         for r in selectors.progress(area, int(round))])

    @action(detail=True, methods=["get"])
    def conditions(self, request, work_area=None):
        """The six conditions of Europa WSE, checked from the data."""
        area = self.get_object()
        self._require(area, MPerm.OBSERVE)
        return Response([c.__dict__ for c in selectors.observer_conditions(area)])

    @extend_schema(request=None, responses=MatchingDecisionMailSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="prepare-mails")
    def prepare_mails(self, request, work_area=None):
        area = self.get_object()
        mails = _call(services.mails_prepare, work_area=area, by=request.user)
        return Response(MatchingDecisionMailSerializer(mails, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=MatchingFinalReportSerializer(many=True))
    @action(detail=True, methods=["get", "post"], url_path="final-reports")
    def final_reports(self, request, work_area=None):
        area = self.get_object()
        self._require(area, MPerm.MANAGE, MPerm.OBSERVE)
        if request.method == "POST":
            report = _call(services.final_report_request, work_area=area, by=request.user)
            return Response(MatchingFinalReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)
        return Response(MatchingFinalReportSerializer(FinalReport.objects.filter(work_area=area), many=True).data)

    @extend_schema(request=MatchingEmergencyStartSerializer, responses=MatchingEmergencySerializer)
    @action(detail=True, methods=["post"])
    def emergency(self, request, work_area=None):
        area = self.get_object()
        serializer = MatchingEmergencyStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        procedure = _call(services.emergency_start, work_area=area, by=request.user, **serializer.validated_data)
        return Response(MatchingEmergencySerializer(procedure).data, status=status.HTTP_201_CREATED)


class CandidacyViewSet(MatchingScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Candidacies: a candidate's own, or those of the user's work areas (submitted ones for the jury)."""

    queryset = Candidacy.objects.select_related("work_area", "organisation").prefetch_related("challenges").order_by("work_area__name", "organisation__name")
    serializer_class = MatchingCandidacySerializer
    lookup_field = "code"
    lookup_url_kwarg = "candidacy"
    filterset_fields = ["stage"]

    def get_queryset(self):
        """Drafts are the candidate's own until submitted (the coordinator sees them too)."""
        user = self.request.user
        qs = super().get_queryset()
        visible = ~Q(stage=Candidacy.Stage.DRAFT) | Q(work_area__in=area_ids_subquery(user, MPerm.MANAGE))
        if user.organisation_id:
            visible |= Q(organisation_id=user.organisation_id)
        return qs.filter(visible)

    def get_object(self):
        candidacy = super().get_object()
        user = self.request.user
        if candidacy.is_draft and not is_candidate_of(user, candidacy) and not has_matching_perm(user, candidacy.work_area_id, MPerm.MANAGE):
            raise PermissionDenied
        return candidacy

    def perform_create(self, serializer):
        serializer.instance = _call(services.candidacy_start, work_area=serializer.validated_data["work_area"], by=self.request.user)
        self._update(serializer.instance, serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = self._update(serializer.instance, serializer.validated_data)

    def _update(self, candidacy, data):
        data = {k: v for k, v in data.items() if k in services.CANDIDACY_FIELDS or k == "challenges"}
        if not data:
            return candidacy
        return _call(services.candidacy_update, candidacy=candidacy, by=self.request.user, **data)

    @extend_schema(request=None, responses=MatchingCandidacySerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, candidacy=None):
        return Response(MatchingCandidacySerializer(_call(services.candidacy_submit, candidacy=self.get_object(), by=request.user)).data)

    @extend_schema(request=MatchingConflictSerializer, responses=MatchingConflictSerializer)
    @action(detail=True, methods=["post"])
    def conflict(self, request, candidacy=None):
        obj = self.get_object()
        serializer = MatchingConflictSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _call(services.conflict_declare, candidacy=obj, by=request.user, **serializer.validated_data)
        return Response(serializer.data)

    @extend_schema(request=MatchingScoreSerializer, responses=MatchingScoreSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def scores(self, request, candidacy=None):
        """GET: every version of the scores the user may see; POST: append the user's score."""
        obj = self.get_object()
        if request.method == "POST":
            serializer = MatchingScoreSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            score = _call(services.score_submit, candidacy=obj, by=request.user, **serializer.validated_data)
            return Response(MatchingScoreSerializer(score).data, status=status.HTTP_201_CREATED)
        if is_candidate_of(request.user, obj) and not has_matching_perm(request.user, obj.work_area_id, MPerm.VIEW):
            raise PermissionDenied
        history = [s for n in (1, 2) for s in selectors.score_history(obj, n, request.user, obj.work_area)]
        return Response(MatchingScoreSerializer(history, many=True).data)

    @extend_schema(request=MatchingDecisionSerializer, responses=MatchingDecisionSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def decisions(self, request, candidacy=None):
        obj = self.get_object()
        if not (has_matching_perm(request.user, obj.work_area_id, MPerm.MANAGE)
                or has_matching_perm(request.user, obj.work_area_id, MPerm.SEE_ALL_SCORES)
                or has_matching_perm(request.user, obj.work_area_id, MPerm.SCORE)):
            raise PermissionDenied
        if request.method == "POST":
            serializer = MatchingDecisionSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            decision = _call(services.jury_decision_record, candidacy=obj, by=request.user, **data)
            return Response(MatchingDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
        return Response(MatchingDecisionSerializer(obj.decisions.all(), many=True).data)

    @extend_schema(request=MatchingPitchSerializer, responses=MatchingPitchSerializer)
    @action(detail=True, methods=["post"])
    def pitch(self, request, candidacy=None):
        obj = self.get_object()
        serializer = MatchingPitchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _call(services.pitch_record, candidacy=obj, by=request.user, **serializer.validated_data)
        return Response(serializer.data)

    @extend_schema(request={"multipart/form-data": MatchingDocumentSerializer}, responses=MatchingDocumentSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, candidacy=None):
        obj = self.get_object()
        serializer = MatchingDocumentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = _call(services.document_add, candidacy=obj, by=request.user, upload=serializer.validated_data["file"])
        return Response(MatchingDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MatchingAppealLodgeSerializer, responses=MatchingAppealSerializer)
    @action(detail=True, methods=["post"])
    def appeal(self, request, candidacy=None):
        obj = self.get_object()
        serializer = MatchingAppealLodgeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        appeal = _call(services.appeal_lodge, candidacy=obj, by=request.user, **serializer.validated_data)
        return Response(MatchingAppealSerializer(appeal).data, status=status.HTTP_201_CREATED)


class AppealViewSet(MatchingScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Appeal.objects.select_related("candidacy__work_area", "candidacy__organisation")
    serializer_class = MatchingAppealSerializer
    lookup_field = "code"
    lookup_url_kwarg = "appeal"

    def get_queryset(self):
        user = self.request.user
        qs = super().get_queryset()
        allowed = [a.pk for a in qs if is_candidate_of(user, a.candidacy)
                   or has_matching_perm(user, a.candidacy.work_area_id, MPerm.MANAGE)
                   or has_matching_perm(user, a.candidacy.work_area_id, MPerm.OBSERVE)
                   or has_matching_perm(user, a.candidacy.work_area_id, MPerm.JUDGE_APPEAL)]
        return qs.filter(pk__in=allowed)

    @extend_schema(request=MatchingAppealAssignSerializer, responses=MatchingAppealSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, appeal=None):
        obj = self.get_object()
        serializer = MatchingAppealAssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        users = list(User.objects.filter(username__in=serializer.validated_data["matchmakers"]))
        if len(users) != len(set(serializer.validated_data["matchmakers"])):
            raise serializers.ValidationError({"matchmakers": [str(services.ERROR_APPEAL_TWO)]})
        return Response(MatchingAppealSerializer(_call(services.appeal_assign, appeal=obj, matchmakers=users, by=request.user)).data)

    @extend_schema(request=MatchingAppealAssessSerializer, responses=MatchingAppealSerializer)
    @action(detail=True, methods=["post"])
    def assess(self, request, appeal=None):
        obj = self.get_object()
        serializer = MatchingAppealAssessSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            _call(services.appeal_assess, appeal=obj, by=request.user, **serializer.validated_data)
        obj.refresh_from_db()
        return Response(MatchingAppealSerializer(obj).data)


    @extend_schema(request=MatchingComplaintSerializer, responses=MatchingAppealSerializer)
    @action(detail=True, methods=["post"])
    def complaint(self, request, appeal=None):
        obj = self.get_object()
        serializer = MatchingComplaintSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(MatchingAppealSerializer(
            _call(services.appeal_complaint_record, appeal=obj, by=request.user, **serializer.validated_data)).data)


class DecisionMailViewSet(MatchingScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The outbox (coordinator, observer) and a candidate's sent mails."""

    queryset = DecisionMail.objects.select_related("candidacy__work_area", "candidacy__organisation")
    serializer_class = MatchingDecisionMailSerializer
    lookup_field = "code"
    lookup_url_kwarg = "decision_mail"
    filterset_fields = ["status", "kind"]

    def get_queryset(self):
        user = self.request.user
        qs = super().get_queryset()
        staff_areas = [a for a in selectors.areas_for_user(user)
                       if has_matching_perm(user, a, MPerm.MANAGE) or has_matching_perm(user, a, MPerm.OBSERVE)]
        return qs.filter(Q(candidacy__work_area__in=staff_areas)
                         | Q(candidacy__organisation_id=user.organisation_id or 0, status=DecisionMail.Status.SENT))

    @extend_schema(request=None, responses=MatchingDecisionMailSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request, decision_mail=None):
        return Response(MatchingDecisionMailSerializer(_call(services.mail_send, mail=self.get_object(), by=request.user)).data,
                        status=status.HTTP_202_ACCEPTED)


class EmergencyViewSet(MatchingScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = EmergencyProcedure.objects.select_related("partnership")
    serializer_class = MatchingEmergencySerializer
    lookup_field = "code"
    lookup_url_kwarg = "emergency"

    @extend_schema(request=None, responses=MatchingEmergencySerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, emergency=None):
        """The VDAB or local-government representative signs; the procedure runs once both signed."""
        obj = _call(services.emergency_sign, procedure=self.get_object(), by=request.user)
        return Response(MatchingEmergencySerializer(obj).data)

    @extend_schema(request=MatchingEmergencyScoreSerializer, responses=MatchingEmergencySerializer)
    @action(detail=True, methods=["post"])
    def score(self, request, emergency=None):
        obj = self.get_object()
        serializer = MatchingEmergencyScoreSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organisation = obj.partnership.organisations.filter(name=data.pop("organisation")).first()
        if organisation is None:
            raise serializers.ValidationError({"organisation": [str(services.ERROR_EMERGENCY_NOT_PARTNER)]})
        _call(services.emergency_score, procedure=obj, by=request.user, organisation=organisation, **data)
        return Response(MatchingEmergencySerializer(obj).data)

    @extend_schema(request=MatchingRankSerializer(many=True), responses=MatchingEmergencySerializer)
    @action(detail=True, methods=["post"])
    def rank(self, request, emergency=None):
        obj = self.get_object()
        serializer = MatchingRankSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        organisations = {o.name: o for o in obj.partnership.organisations.all()}
        ranking = []
        for row in serializer.validated_data:
            if row["organisation"] not in organisations:
                raise serializers.ValidationError({"organisation": [str(services.ERROR_EMERGENCY_NOT_PARTNER)]})
            ranking.append((organisations[row["organisation"]], row["argument"]))
        _call(services.emergency_rank, procedure=obj, by=request.user, ranking=ranking)
        return Response(MatchingEmergencySerializer(obj).data)


routes = [
    ("matching/addenda", PublishedAddendumViewSet, "matching-addendum"),
    ("matching/work-areas", WorkAreaViewSet, "matching-work-area"),
    ("matching/candidacies", CandidacyViewSet, "matching-candidacy"),
    ("matching/appeals", AppealViewSet, "matching-appeal"),
    ("matching/decision-mails", DecisionMailViewSet, "matching-decision-mail"),
    ("matching/emergency-procedures", EmergencyViewSet, "matching-emergency"),
]
