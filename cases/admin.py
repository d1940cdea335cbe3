"""The admin is for superusers only (support); case data is read in the app, scoped."""

from django.contrib import admin

from .models import Persona, ValueStep


@admin.register(ValueStep)
class ValueStepAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "position", "is_active"]
    list_filter = ["partnership"]


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "is_active"]
    list_filter = ["partnership"]
