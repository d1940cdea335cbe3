"""Casework through the JSON API: cases, scale scores, value readings, interactions
and outcomes, with the same scoping as the pages (Perm.VIEW_CASES to read,
Perm.EDIT_CASES to write; 404 outside the user's partnerships).

Writes go through cases/services.py, so the API refuses what the forms refuse
(a score outside 1-10, no interpretation, a value score outside 1-5, …) with 400.
"""

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from partnerships.access import Perm, get_for_user_or_404
from partnerships.api import ScopedViewSetMixin, django_validation_to_drf

from . import services
from .models import (
    Case, CaseKind, CaseStatus, Channel, Interaction, Outcome, OutcomeKind, Participant, Persona, ScaleScore, ScoredBy,
    ValueReading,
)


class CaseSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    partnership = serializers.UUIDField(source="partnership.code", read_only=True)
    lead_coach = serializers.CharField(source="lead_coach.get_full_name", read_only=True, default=None)
    participants = serializers.SerializerMethodField()
    personas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Case
        fields = ["code", "reference", "partnership", "kind", "title", "status", "start_date", "close_date",
                  "lead_coach", "participants", "personas", "fits_no_persona", "version"]

    def get_participants(self, case) -> list[str]:
        return [str(p) for p in case.participants.all()]


@extend_schema_field(OpenApiTypes.STR)
class _CodeField(serializers.ChoiceField):
    """A choice documented as a plain string: the read serializer already names the enum (no second one)."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, help_text=", ".join(str(value) for value, _label in choices), **kwargs)


class CaseUpdateSerializer(serializers.Serializer):
    """A change to a case: only the fields sent change; ``version`` is the one read (optimistic concurrency)."""

    version = serializers.IntegerField(help_text="De versie die je las; bij een tussentijdse wijziging volgt 409.")
    kind = _CodeField(CaseKind.choices, required=False)
    title = serializers.CharField(required=False, allow_blank=True)
    status = _CodeField(CaseStatus.choices, required=False)
    start_date = serializers.DateField(required=False)
    close_date = serializers.DateField(required=False, allow_null=True)
    referral_note = serializers.CharField(required=False, allow_blank=True)
    regular_service = serializers.CharField(required=False, allow_blank=True)
    handover_service = serializers.CharField(required=False, allow_blank=True)
    handover_date = serializers.DateField(required=False, allow_null=True)
    handover_note = serializers.CharField(required=False, allow_blank=True)
    fits_no_persona = serializers.BooleanField(required=False)
    persona_note = serializers.CharField(required=False, allow_blank=True)
    personas = serializers.SlugRelatedField(many=True, required=False, slug_field="name",
                                            queryset=Persona.objects.none())

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:  # the personas of the case's own partnership only
            self.fields["personas"].child_relation.queryset = Persona.objects.filter(
                partnership_id=case.partnership_id)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    version = serializers.IntegerField(help_text="De huidige versie van de casus.")


class ScaleScoreSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case.code")
    recorded_by = serializers.CharField(source="recorded_by.get_full_name", read_only=True, default=None)
    score = serializers.IntegerField()  # the service gives the range error
    interpretation = serializers.CharField(allow_blank=True)

    class Meta:
        model = ScaleScore
        fields = ["id", "case", "score", "interpretation", "measured_at", "recorded_by"]
        extra_kwargs = {"measured_at": {"required": False}}


class ValueScoreSerializer(serializers.Serializer):
    value_demand = serializers.IntegerField(source="value_demand_id")
    value_demand_text = serializers.CharField(read_only=True, source="value_demand.text")
    score = serializers.IntegerField()


class ValueReadingSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case.code")
    scores = ValueScoreSerializer(many=True)
    scored_by = serializers.ChoiceField(choices=ScoredBy.choices, default=ScoredBy.COACH)

    class Meta:
        model = ValueReading
        fields = ["id", "case", "measured_at", "scored_by", "note", "scores"]
        extra_kwargs = {"measured_at": {"required": False}}


class InteractionSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case.code")
    coach = serializers.CharField(source="coach.get_full_name", read_only=True, default=None)
    channel = serializers.ChoiceField(choices=Channel.choices)
    duration_minutes = serializers.IntegerField()

    class Meta:
        model = Interaction
        fields = ["id", "case", "occurred_at", "coach", "with_whom", "channel", "duration_minutes", "note"]
        extra_kwargs = {"occurred_at": {"required": False}}


class OutcomeSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case.code")
    kind = serializers.ChoiceField(choices=OutcomeKind.choices)

    class Meta:
        model = Outcome
        fields = ["id", "case", "kind", "achieved_on", "note"]
        extra_kwargs = {"achieved_on": {"required": False}}


CASE_FILTER = OpenApiParameter("case", str, description="Alleen voor deze casus (code).")


class CaseViewSet(ScopedViewSetMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Cases of the user's partnerships (people working on cases only); PATCH changes one."""

    http_method_names = ["get", "patch", "head", "options"]

    queryset = (
        Case.objects.select_related("partnership", "lead_coach")
        .prefetch_related(Prefetch("participants", queryset=Participant.objects.only("pk", "first_name", "last_name")),
                          "personas")
        .order_by("-start_date", "-pk")
    )
    serializer_class = CaseSerializer
    lookup_field = "code"
    lookup_url_kwarg = "case"
    read_perm = Perm.VIEW_CASES
    write_perm = Perm.EDIT_CASES
    filterset_fields = ["status", "kind", "fits_no_persona"]

    @extend_schema(request=CaseUpdateSerializer, responses={200: CaseSerializer, 409: ConflictSerializer})
    def partial_update(self, request, *args, **kwargs):
        """Change a case (PATCH): send the ``version`` you read; a save by someone else in between gives 409."""
        case = self.get_object()  # 404 outside the partnerships, 403 without Perm.EDIT_CASES
        serializer = CaseUpdateSerializer(data=request.data, case=case)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        personas = data.pop("personas", None)
        try:
            services.case_update(case=case, by=request.user, expected_version=version, personas=personas, **data)
        except services.ConcurrentEditError:
            current = Case.objects.values_list("version", flat=True).get(pk=case.pk)
            return Response({"detail": str(services.CONCURRENT_EDIT), "version": current},
                            status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as exc:
            raise django_validation_to_drf(exc) from exc
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)


class CaseEntryViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Base of case-scoped entries: list (optionally ?case=<code>), retrieve, create."""

    read_perm = Perm.VIEW_CASES
    write_perm = Perm.EDIT_CASES

    def get_queryset(self):
        queryset = super().get_queryset()
        if code := self.request.query_params.get("case"):
            try:
                queryset = queryset.filter(case__code=uuid.UUID(code))
            except ValueError:
                return queryset.none()
        return queryset

    def _case(self, data):
        code = data.pop("case")["code"]
        return get_for_user_or_404(Case.objects.all(), self.request.user, perm=Perm.EDIT_CASES, code=code)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        case = self._case(data)
        try:
            serializer.instance = self.create_entry(case, data)
        except DjangoValidationError as exc:
            raise django_validation_to_drf(exc) from exc

    def create_entry(self, case, data):  # pragma: no cover - overridden
        raise NotImplementedError


@extend_schema_view(list=extend_schema(parameters=[CASE_FILTER]))
class ScaleScoreViewSet(CaseEntryViewSet):
    queryset = ScaleScore.objects.select_related("case", "recorded_by").order_by("case", "measured_at", "pk")
    serializer_class = ScaleScoreSerializer
    lookup_url_kwarg = "scale_score_id"

    def create_entry(self, case, data):
        return services.scale_score_record(case=case, by=self.request.user, **data)


@extend_schema_view(list=extend_schema(parameters=[CASE_FILTER]))
class ValueReadingViewSet(CaseEntryViewSet):
    queryset = (ValueReading.objects.select_related("case").prefetch_related("scores__value_demand")
                .order_by("case", "measured_at", "pk"))
    serializer_class = ValueReadingSerializer
    lookup_url_kwarg = "value_reading_id"

    def create_entry(self, case, data):
        scores = {row["value_demand_id"]: row["score"] for row in data.pop("scores")}
        return services.value_reading_record(case=case, by=self.request.user, scores=scores, **data)


@extend_schema_view(list=extend_schema(parameters=[CASE_FILTER]))
class InteractionViewSet(CaseEntryViewSet):
    queryset = Interaction.objects.select_related("case", "coach").order_by("case", "-occurred_at", "-pk")
    serializer_class = InteractionSerializer
    lookup_url_kwarg = "interaction_id"

    def create_entry(self, case, data):
        return services.interaction_log(case=case, by=self.request.user, **data)


@extend_schema_view(list=extend_schema(parameters=[CASE_FILTER]))
class OutcomeViewSet(CaseEntryViewSet):
    queryset = Outcome.objects.select_related("case").order_by("case", "-achieved_on", "-pk")
    serializer_class = OutcomeSerializer
    lookup_url_kwarg = "outcome_id"

    def create_entry(self, case, data):
        return services.outcome_record(case=case, by=self.request.user, **data)


routes: list = [
    ("cases", CaseViewSet, "case"),
    ("scale-scores", ScaleScoreViewSet, "scale-score"),
    ("value-readings", ValueReadingViewSet, "value-reading"),
    ("interactions", InteractionViewSet, "interaction"),
    ("outcomes", OutcomeViewSet, "outcome"),
]
