"""This app's JSON API: (prefix, viewset, basename) triples for config/api.py.

* ``budgets``: the budget of a project year in the exchange JSON (``input``) and
  computed (``result``); PUT the exchange JSON to replace it; POST
  ``budgets/compute/`` to compute without saving.
* ``report-jobs``: quarterly report requests and their status.
* ``questionnaire-responses``: content reports with their answers; PATCH
  answers while a draft, ``submit`` locks.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from partnerships.access import Perm, get_for_user_or_404
from partnerships.api import ScopedViewSetMixin, django_validation_to_drf
from partnerships.models import Partnership

from . import budget as rules
from . import selectors, services
from .models import QuestionnaireResponse, ReportJob
from .periods import Quarter


def _budget_error(exc: rules.BudgetError) -> ValidationError:
    return ValidationError({exc.location: [exc.message]})


class BudgetSerializer(serializers.Serializer):
    code = serializers.UUIDField(read_only=True)
    partnership = serializers.UUIDField(source="partnership.code", read_only=True)
    year = serializers.IntegerField(read_only=True)
    call = serializers.CharField(source="call.name", read_only=True)
    input = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_input(self, budget):
        return rules.input_to_json(budget.to_input())

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_result(self, budget):
        return rules.result_to_json(selectors.budget_result(budget), budget.call.nominal_shares())


class BudgetCreateSerializer(serializers.Serializer):
    partnership = serializers.UUIDField()
    year = serializers.IntegerField()


class BudgetViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Budgets per project year: the exchange JSON and the computed ESF form."""

    serializer_class = BudgetSerializer
    lookup_field = "code"
    lookup_url_kwarg = "budget"
    read_perm = Perm.REPORTING_VIEW
    write_perm = Perm.REPORTING_MANAGE
    filterset_fields = ["year"]

    def get_queryset(self):
        return selectors.budgets_with_lines().for_user(self.request.user, self.read_perm).order_by("partnership", "year")

    @extend_schema(request=BudgetCreateSerializer, responses=BudgetSerializer)
    def create(self, request):
        data = BudgetCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partnership = get_for_user_or_404(Partnership, request.user, perm=Perm.REPORTING_MANAGE,
                                          code=data.validated_data["partnership"])
        try:
            budget = services.budget_create(partnership=partnership, year=data.validated_data["year"], by=request.user)
        except DjangoValidationError as exc:
            raise django_validation_to_drf(exc) from exc
        budget = self.get_queryset().get(pk=budget.pk)
        return Response(BudgetSerializer(budget).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=BudgetSerializer,
                   description="Replace the budget's rows and VCF with the exchange JSON.")
    def update(self, request, budget=None):
        instance = self.get_object()
        self.require_write_in(instance.partnership)
        if not isinstance(request.data, dict):
            raise ValidationError({"$": [str(rules.NOT_AN_OBJECT)]})
        try:
            services.budget_import(budget=instance, by=request.user, data=dict(request.data))
        except rules.BudgetError as exc:
            raise _budget_error(exc) from exc
        except DjangoValidationError as exc:
            raise django_validation_to_drf(exc) from exc
        return Response(BudgetSerializer(self.get_queryset().get(pk=instance.pk)).data)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT,
                   description="Compute the ESF form from the exchange JSON without saving (the call's defaults apply).")
    @action(detail=False, methods=["post"])
    def compute(self, request):
        parameters = selectors.default_call_parameters()
        try:
            parsed = rules.parse(request.data, sut_factor=parameters["sut_factor"],
                                 flat_rate_percent=parameters["flat_rate_percent"])
        except rules.BudgetError as exc:
            raise _budget_error(exc) from exc
        return Response(rules.result_to_json(rules.compute(parsed), parameters["nominal"]))


class ReportJobSerializer(serializers.ModelSerializer):
    partnership = serializers.UUIDField(source="partnership.code", read_only=True)
    status = serializers.CharField(read_only=True, help_text="queued, running, done or failed")
    requested_by = serializers.CharField(source="requested_by.get_full_name", read_only=True, default="")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = ["code", "partnership", "year", "quarter", "version", "status", "reason", "requested_by",
                  "requested_at", "sent_at", "finished_at", "download_url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, job):
        if job.status != ReportJob.Status.DONE:
            return None
        return reverse("reporting:report_download", kwargs={"report": job.code})


class ReportRequestSerializer(serializers.Serializer):
    partnership = serializers.UUIDField()
    year = serializers.IntegerField(min_value=2024, max_value=2029)
    quarter = serializers.IntegerField(min_value=1, max_value=4)


class ReportJobViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Quarterly ESF report requests and their status (queued, running, done, failed)."""

    queryset = ReportJob.objects.select_related("partnership", "requested_by").order_by("-requested_at", "-pk")
    serializer_class = ReportJobSerializer
    lookup_field = "code"
    lookup_url_kwarg = "report"
    read_perm = Perm.REPORTING_VIEW
    write_perm = Perm.REPORTING_MANAGE
    filterset_fields = ["status", "year", "quarter"]

    @extend_schema(request=ReportRequestSerializer, responses={202: ReportJobSerializer})
    def create(self, request):
        data = ReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partnership = get_for_user_or_404(Partnership, request.user, perm=Perm.REPORTING_MANAGE,
                                          code=data.validated_data["partnership"])
        try:
            job = services.report_request(
                partnership=partnership, by=request.user,
                quarter=Quarter(data.validated_data["year"], data.validated_data["quarter"]),
            )
        except DjangoValidationError as exc:
            raise django_validation_to_drf(exc) from exc
        body = ReportJobSerializer(ReportJob.objects.select_related("partnership", "requested_by").get(pk=job.pk)).data
        if getattr(job, "broker_down", False):
            body = {**body, "detail": str(services.BROKER_DOWN)}
        return Response(body, status=status.HTTP_202_ACCEPTED)


class AnswerSerializer(serializers.Serializer):
    number = serializers.CharField(source="question.number")
    question = serializers.CharField(source="question.text", read_only=True)
    required = serializers.BooleanField(source="question.required", read_only=True)
    text = serializers.CharField(allow_blank=True)


class ResponseSerializer(serializers.ModelSerializer):
    partnership = serializers.UUIDField(source="partnership.code", read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft or submitted")
    template = serializers.CharField(source="template.slug", read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = QuestionnaireResponse
        fields = ["code", "partnership", "template", "period", "status", "submitted_at", "answers"]
        read_only_fields = fields


class ResponseUpdateSerializer(serializers.Serializer):
    answers = serializers.ListField(child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
                                    required=False, help_text='[{"number": "2", "text": "…"}]')
    submit = serializers.BooleanField(required=False, default=False)


class QuestionnaireResponseViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                                   viewsets.GenericViewSet):
    """Content reports and their answers; drafts can be changed, ``submit`` locks them."""

    queryset = QuestionnaireResponse.objects.select_related("partnership", "template").prefetch_related(
        "answers__question").order_by("-created_at", "-pk")
    serializer_class = ResponseSerializer
    lookup_field = "code"
    lookup_url_kwarg = "content_report"  # "response" would clash with DRF's finalize_response
    read_perm = Perm.REPORTING_VIEW
    write_perm = Perm.REPORTING_MANAGE
    filterset_fields = ["status", "period"]

    @extend_schema(request=ResponseUpdateSerializer, responses=ResponseSerializer)
    def partial_update(self, request, content_report=None):
        instance = self.get_object()
        self.require_write_in(instance.partnership)
        data = ResponseUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        by_number = {q.number: q.pk for q in instance.template.questions.all()}
        answers = {}
        for item in data.validated_data.get("answers", []):
            number = item.get("number")
            if number not in by_number:
                raise ValidationError({"answers": [f"unknown question number {number!r}"]})
            answers[by_number[number]] = item.get("text", "")
        try:
            with transaction.atomic():
                services.response_save(response=instance, by=request.user, answers=answers)
            if data.validated_data["submit"]:
                services.response_submit(response=instance, by=request.user)
        except DjangoValidationError as exc:
            raise django_validation_to_drf(exc) from exc
        return Response(ResponseSerializer(self.get_queryset().get(pk=instance.pk)).data)


routes: list = [
    ("budgets", BudgetViewSet, "budget"),
    ("report-jobs", ReportJobViewSet, "report-job"),
    ("questionnaire-responses", QuestionnaireResponseViewSet, "questionnaire-response"),
]
