from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.index, name="index"),
    path("addenda/", views.public_addenda, name="public_addenda"),
    path("kandidaturen/nieuw/", views.candidacy_new, name="candidacy_new"),
    # Work area
    path("gebieden/<uuid:work_area>/", views.area_detail, name="area"),
    path("gebieden/<uuid:work_area>/addendum/", views.addendum_edit, name="addendum_edit"),
    path("gebieden/<uuid:work_area>/addendum/publiceren/", views.addendum_publish, name="addendum_publish"),
    path("gebieden/<uuid:work_area>/addendum/uitdagingen/", views.challenge_add, name="challenge_add"),
    path("gebieden/<uuid:work_area>/jury/", views.jury_manage, name="jury"),
    path("gebieden/<uuid:work_area>/jury/<int:role_id>/intrekken/", views.role_remove, name="role_remove"),
    path("gebieden/<uuid:work_area>/kandidaturen/", views.candidacy_list, name="candidacies"),
    path("gebieden/<uuid:work_area>/ronde/<int:round>/", views.jury_view, name="jury_view"),
    path("gebieden/<uuid:work_area>/ronde/<int:round>/voortgang/", views.progress, name="progress"),
    path("gebieden/<uuid:work_area>/export.csv", views.export_csv, name="export_csv"),
    path("gebieden/<uuid:work_area>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("gebieden/<uuid:work_area>/sjablonen/", views.mail_templates, name="mail_templates"),
    path("gebieden/<uuid:work_area>/sjablonen/<slug:mail_kind>/", views.mail_template_edit, name="mail_template_edit"),
    path("gebieden/<uuid:work_area>/postvak/", views.outbox, name="outbox"),
    path("gebieden/<uuid:work_area>/postvak/alles-verzenden/", views.outbox_send_all, name="outbox_send_all"),
    path("gebieden/<uuid:work_area>/weerwoorden/", views.appeal_list, name="appeals"),
    path("gebieden/<uuid:work_area>/eindverslag/", views.reports, name="reports"),
    path("gebieden/<uuid:work_area>/waarnemer/", views.observer, name="observer"),
    path("gebieden/<uuid:work_area>/noodprocedure/", views.emergency_new, name="emergency_new"),
    # Candidacy
    path("kandidaturen/<uuid:candidacy>/", views.candidacy_detail, name="candidacy"),
    path("kandidaturen/<uuid:candidacy>/bewerken/", views.candidacy_edit, name="candidacy_edit"),
    path("kandidaturen/<uuid:candidacy>/bijlagen/", views.document_upload, name="document_upload"),
    path("kandidaturen/<uuid:candidacy>/belangenconflict/", views.conflict_declare, name="conflict"),
    path("kandidaturen/<uuid:candidacy>/ronde/<int:round>/scoren/", views.score, name="score"),
    path("kandidaturen/<uuid:candidacy>/ronde/<int:round>/juryscore/", views.decision, name="decision"),
    path("kandidaturen/<uuid:candidacy>/pitch/", views.pitch, name="pitch"),
    path("kandidaturen/<uuid:candidacy>/weerwoord/", views.appeal_new, name="appeal_new"),
    path("bijlagen/<uuid:candidacy_document>/", views.document_download, name="document"),
    path("bijlagen/<uuid:candidacy_document>/verwijderen/", views.document_delete, name="document_delete"),
    # Mails
    path("mails/<uuid:decision_mail>/", views.mail_detail, name="mail"),
    path("mails/<uuid:decision_mail>/verzenden/", views.mail_send, name="mail_send"),
    path("mails/<uuid:decision_mail>/verwijderen/", views.mail_discard, name="mail_discard"),
    # Appeals
    path("weerwoorden/<uuid:appeal>/", views.appeal_detail, name="appeal"),
    path("weerwoorden/<uuid:appeal>/bijlagen/<uuid:appeal_document>/", views.appeal_document, name="appeal_document"),
    path("weerwoorden/<uuid:appeal>/toewijzen/", views.appeal_assign, name="appeal_assign"),
    path("weerwoorden/<uuid:appeal>/beoordelen/", views.appeal_assess, name="appeal_assess"),
    path("weerwoorden/<uuid:appeal>/klacht/", views.appeal_complaint, name="appeal_complaint"),
    # Final report
    path("eindverslagen/<uuid:final_report>/", views.report_status, name="report"),
    path("eindverslagen/<uuid:final_report>/download/", views.report_download, name="report_download"),
    # Emergency procedure
    path("noodprocedures/<uuid:emergency>/", views.emergency_detail, name="emergency"),
    path("noodprocedures/<uuid:emergency>/rangschikking/", views.emergency_rank, name="emergency_rank"),
    path("noodprocedures/<uuid:emergency>/ondertekenen/", views.emergency_sign, name="emergency_sign"),
]
