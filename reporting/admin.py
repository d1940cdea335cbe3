from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Budget, CofinancingLine, EsfCall, PersonnelLine, Question, QuestionnaireResponse, QuestionnaireTemplate, ReportJob,
)


@admin.register(EsfCall)
class EsfCallAdmin(admin.ModelAdmin):
    """The call's parameters: SUT factor, flat rate and nominal shares per strand."""

    list_display = ("name", "is_default", "sut_factor", "flat_rate_percent")
    fieldsets = (
        (None, {"fields": ("name", "is_default", "sut_factor", "flat_rate_percent")}),
        (_("Nominale verdeling werking (%)"), {"fields": (
            "operation_esf", "operation_vcf", "operation_local_government", "operation_vdab", "operation_other")}),
        (_("Nominale verdeling ondersteuning (%)"), {"fields": (
            "support_esf", "support_vcf", "support_local_government", "support_vdab", "support_other")}),
    )


class PersonnelInline(admin.TabularInline):
    model = PersonnelLine
    extra = 0


class CofinancingInline(admin.TabularInline):
    model = CofinancingLine
    extra = 0


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ("partnership", "year", "call", "updated_at")
    list_filter = ("year", "call")
    list_select_related = ("partnership", "call")
    inlines = [PersonnelInline, CofinancingInline]


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ("partnership", "year", "quarter", "version", "status", "requested_at", "sent_at", "attempts")
    list_filter = ("status", "year")
    list_select_related = ("partnership",)
    readonly_fields = ("file",)


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


@admin.register(QuestionnaireTemplate)
class QuestionnaireTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "call", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [QuestionInline]


@admin.register(QuestionnaireResponse)
class QuestionnaireResponseAdmin(admin.ModelAdmin):
    list_display = ("partnership", "template", "period", "status", "submitted_at")
    list_filter = ("status", "template")
    list_select_related = ("partnership", "template")
