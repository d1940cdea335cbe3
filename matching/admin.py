from django.contrib import admin

from .models import (
    Appeal,
    Candidacy,
    DecisionMail,
    DecisionMailTemplate,
    EmergencyProcedure,
    FinalReport,
    JuryDecision,
    LocalAddendum,
    MatchingRole,
    Score,
)


@admin.register(MatchingRole)
class MatchingRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "work_area", "role", "group")
    list_filter = ("role", "group", "work_area")
    list_select_related = ("user", "work_area")
    search_fields = ("user__username", "user__last_name")


@admin.register(LocalAddendum)
class LocalAddendumAdmin(admin.ModelAdmin):
    list_display = ("work_area", "status", "publication_date", "candidacy_deadline")
    list_filter = ("status",)


@admin.register(Candidacy)
class CandidacyAdmin(admin.ModelAdmin):
    list_display = ("organisation", "work_area", "stage", "submitted_at")
    list_filter = ("stage", "work_area")
    list_select_related = ("organisation", "work_area")
    search_fields = ("organisation__name",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are history: scores are append-only, sent mails never change."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ("candidacy", "matchmaker", "round", "criterion", "value", "created_at")
    list_filter = ("round", "criterion")
    list_select_related = ("candidacy__organisation", "candidacy__work_area", "matchmaker")


@admin.register(DecisionMail)
class DecisionMailAdmin(ReadOnlyAdmin):
    list_display = ("subject", "candidacy", "kind", "status", "sent_at")
    list_filter = ("kind", "status")
    list_select_related = ("candidacy__organisation", "candidacy__work_area")


admin.site.register([JuryDecision, DecisionMailTemplate, Appeal, FinalReport, EmergencyProcedure])
