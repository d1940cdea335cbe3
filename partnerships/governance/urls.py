from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("gedeeld/", views.shared_initiative_list, name="shared_initiatives"),
    path("gedeeld/<uuid:initiative>/", views.shared_initiative, name="shared_initiative"),
    path("<uuid:partnership>/", views.overview, name="overview"),
    # Meetings, agenda, decisions, agreements
    path("<uuid:partnership>/vergaderingen/", views.meeting_list, name="meetings"),
    path("<uuid:partnership>/vergaderingen/nieuw/", views.meeting_create, name="meeting_create"),
    path("vergaderingen/<uuid:meeting>/", views.meeting_detail, name="meeting"),
    path("vergaderingen/<uuid:meeting>/bewerken/", views.meeting_edit, name="meeting_edit"),
    path("vergaderingen/<uuid:meeting>/aanwezigheid/", views.meeting_attendance, name="meeting_attendance"),
    path("vergaderingen/<uuid:meeting>/agendapunt/", views.agenda_item_add, name="agenda_item_add"),
    path("vergaderingen/<uuid:meeting>/besluit/", views.decision_create, name="decision_create"),
    path("vergaderingen/<uuid:meeting>/afspraak/", views.agreement_create, name="agreement_create"),
    path("vergaderingen/<uuid:meeting>/verslag.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("besluiten/<uuid:decision>/", views.decision_detail, name="decision"),
    path("besluiten/<uuid:decision>/bezwaar/", views.objection_add, name="objection_add"),
    path("besluiten/<uuid:decision>/bezwaar/<int:objection_id>/oplossen/", views.objection_resolve,
         name="objection_resolve"),
    path("besluiten/<uuid:decision>/afronden/", views.decision_conclude, name="decision_conclude"),
    path("<uuid:partnership>/besluitenlijst/", views.decision_log, name="decision_log"),
    path("<uuid:partnership>/afspraken/", views.agreement_list, name="agreements"),
    path("afspraken/<uuid:agreement>/afgerond/", views.agreement_complete, name="agreement_complete"),
    # Escalated issues
    path("<uuid:partnership>/kwesties/", views.issue_list, name="issues"),
    path("<uuid:partnership>/kwesties/nieuw/", views.issue_create, name="issue_create"),
    path("kwesties/<uuid:issue>/", views.issue_detail, name="issue"),
    path("kwesties/<uuid:issue>/toewijzen/", views.issue_assign, name="issue_assign"),
    path("kwesties/<uuid:issue>/terugkoppeling/", views.issue_feedback, name="issue_feedback"),
    path("kwesties/<uuid:issue>/afsluiten/", views.issue_close, name="issue_close"),
    path("kwesties/<uuid:issue>/opnieuw-aankaarten/", views.issue_raise_again, name="issue_raise_again"),
    # Improvement initiatives
    path("<uuid:partnership>/initiatieven/", views.initiative_list, name="initiatives"),
    path("<uuid:partnership>/initiatieven/nieuw/", views.initiative_create, name="initiative_create"),
    path("initiatieven/<uuid:initiative>/", views.initiative_detail, name="initiative"),
    path("initiatieven/<uuid:initiative>/bewerken/", views.initiative_edit, name="initiative_edit"),
    path("initiatieven/<uuid:initiative>/status/", views.initiative_transition, name="initiative_transition"),
    path("initiatieven/<uuid:initiative>/iteratie/", views.iteration_add, name="iteration_add"),
    # Composition and the right to challenge
    path("<uuid:partnership>/samenstelling/", views.composition, name="composition"),
    path("<uuid:partnership>/samenstelling/wijziging/", views.composition_change_create, name="composition_change_create"),
    path("<uuid:partnership>/samenstelling/uitdaging/", views.challenge_create, name="challenge_create"),
    path("<uuid:partnership>/samenstelling/instellingen/", views.settings_update, name="settings_update"),
    path("uitdagingen/<uuid:challenge>/uitkomst/", views.challenge_decide, name="challenge_decide"),
    # Collaboration model
    path("<uuid:partnership>/samenwerkingsmodel/", views.collaboration, name="collaboration"),
    path("<uuid:partnership>/samenwerkingsmodel/overeenkomst/", views.collaboration_agreement_create,
         name="collaboration_agreement_create"),
    path("<uuid:partnership>/samenwerkingsmodel/spanning/", views.tension_create, name="tension_create"),
    path("<uuid:partnership>/samenwerkingsmodel/verdeelsleutel/", views.distribution_key_create,
         name="distribution_key_create"),
    path("facetten/<int:facet_id>/", views.facet_edit, name="facet_edit"),
    path("spanningen/<uuid:tension>/", views.tension_edit, name="tension_edit"),
    # Milestones
    path("<uuid:partnership>/mijlpalen/", views.milestone_list, name="milestones"),
    path("<uuid:partnership>/mijlpalen/nieuw/", views.milestone_create, name="milestone_create"),
    path("mijlpalen/<uuid:milestone>/", views.milestone_edit, name="milestone_edit"),
]
