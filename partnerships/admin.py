from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation, PartnerOrganisation, Partnership, User, WorkArea


@admin.register(User)
class PersonAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + ((_("Organisatie"), {"fields": ("organisation",)}),)
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("organisation", "is_active", "is_superuser")
    list_select_related = ("organisation",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(WorkArea)
class WorkAreaAdmin(admin.ModelAdmin):
    search_fields = ("name", "municipalities")


class PartnerOrganisationInline(admin.TabularInline):
    model = PartnerOrganisation
    extra = 0
    autocomplete_fields = ("organisation",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("name", "work_area", "pen_holder", "start_date", "end_date")
    list_select_related = ("work_area", "pen_holder")
    search_fields = ("name", "project_number")
    inlines = [PartnerOrganisationInline, MembershipInline]
