from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:partnership>/", views.partnership_overview, name="partnership"),
    path("<uuid:partnership>/begroting/nieuw/", views.budget_create, name="budget_create"),
    path("<uuid:partnership>/begroting/totaal/", views.budget_totals, name="budget_totals"),
    path("begroting/<uuid:budget>/", views.budget_edit, name="budget"),
    path("begroting/<uuid:budget>/herberekenen/", views.budget_preview, name="budget_preview"),
    path("begroting/<uuid:budget>/export.json", views.budget_export, name="budget_export"),
    path("begroting/<uuid:budget>/import/", views.budget_import, name="budget_import"),
    path("cofinanciering/<int:cofinancing_id>/bewijsstuk/", views.cofinancing_proof, name="cofinancing_proof"),
    path("<uuid:partnership>/kwartaalrapporten/", views.report_list, name="reports"),
    path("<uuid:partnership>/kwartaalrapporten/verzenden/", views.report_send_pending, name="reports_send_pending"),
    path("kwartaalrapport/<uuid:report>/", views.report_detail, name="report"),
    path("kwartaalrapport/<uuid:report>/download/", views.report_download, name="report_download"),
    path("<uuid:partnership>/inhoudelijk/", views.response_list, name="responses"),
    path("inhoudelijk/<uuid:response>/", views.response_detail, name="response"),
    path("inhoudelijk/<uuid:response>/pdf/", views.response_pdf, name="response_pdf"),
    path("inhoudelijk/bijlage/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<uuid:partnership>/export/<slug:dataset>.<slug:file_format>", views.export, name="export"),
]
