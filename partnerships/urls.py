from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("<uuid:partnership>/", views.partnership_detail, name="detail"),
    path("<uuid:partnership>/bewerken/", views.partnership_edit, name="edit"),
    path("<uuid:partnership>/rollen/nieuw/", views.membership_add, name="membership_add"),
    path("<uuid:partnership>/rollen/<int:membership_id>/intrekken/", views.membership_remove, name="membership_remove"),
    path("<uuid:partnership>/audittrail/", views.audit_trail, name="audit_trail"),
]
