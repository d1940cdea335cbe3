from django.urls import path

from . import views

app_name = "cases"

_entries = [
    ("interactie", "interaction", "interaction_add"),
    ("schaal", "scale", "scale_add"),
    ("lezing", "reading", "reading_add"),
    ("waardevraag", "value_demand", "value_demand_add"),
    ("bedoeling", "purpose", "purpose_edit"),
    ("faalvraag", "failure", "failure_add"),
    ("actie", "action", "action_add"),
    ("uitstroom", "outcome", "outcome_add"),
    ("tewerkstelling", "employment", "employment_add"),
    ("participatieladder", "ladder", "ladder_add"),
    ("empowerment", "empowerment", "empowerment_add"),
    ("opvolging", "follow_up", "follow_up_add"),
    ("notitie", "note", "note_add"),
]

urlpatterns = [
    path("", views.case_list, name="list"),
    path("opvolging-te-laat/", views.overdue_list, name="overdue"),
    path("leren/", views.partnership_pages, {"page": "learning"}, name="learning_index"),
    path("casusoverleg/", views.partnership_pages, {"page": "consultations"}, name="consultations_index"),
    path("partnerschap/<uuid:partnership>/nieuw/", views.case_open, name="open"),
    path("partnerschap/<uuid:partnership>/personas/", views.personas, name="personas"),
    path("partnerschap/<uuid:partnership>/waardestappen/", views.value_steps, name="value_steps"),
    path("partnerschap/<uuid:partnership>/casusoverleg/", views.consultations, name="consultations"),
    path("partnerschap/<uuid:partnership>/leren/", views.learning, name="learning"),
    path("casusoverleg/<uuid:consultation>/", views.consultation_detail, name="consultation"),
    path("waardestap/<int:value_step_id>/", views.value_step_edit, name="value_step_edit"),
    path("persona/<int:persona_id>/", views.persona_edit, name="persona_edit"),
    path("<uuid:case>/", views.case_detail, name="detail"),
    path("<uuid:case>/bewerken/", views.case_edit, name="edit"),
    path("<uuid:case>/deelnemer/", views.participant_edit, name="participant_edit"),
    path("<uuid:case>/betrokkenen/", views.case_workers, name="workers"),
    path("<uuid:case>/betrokkenen/<int:worker_id>/einde/", views.case_worker_end, name="worker_end"),
    path("<uuid:case>/inzage/", views.case_access_log, name="access_log"),
    path("<uuid:case>/export.json", views.case_export_json, name="export_json"),
    path("<uuid:case>/inzage-pdf/", views.case_exports, name="exports"),
    path("inzage-pdf/<uuid:export>/", views.export_download, name="export_download"),
    path("<uuid:case>/anonimiseren/", views.case_anonymise, name="anonymise"),
    path("<uuid:case>/waardevraag/<int:value_demand_id>/", views.value_demand_toggle, name="value_demand_toggle"),
    *[path(f"<uuid:case>/{slug}/", views.case_entry, {"kind": kind}, name=name) for slug, kind, name in _entries],
]
