"""The matching in the browser's terms: each role's pages, through the test client."""

from datetime import timedelta

import pytest
from django.core import mail as outbox
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from matching import services
from matching.models import Appeal, Candidacy, DecisionMail, FinalReport, JuryDecision, LocalAddendum
from partnerships.models import WorkArea

from .helpers import ANSWERS, candidate, decide, declare_all, score_all, send_mails, submitted_candidacy

pytestmark = pytest.mark.django_db


def test_the_public_addenda_page_needs_no_login(client, mw):
    response = client.get(reverse("matching:public_addenda"))
    assert response.status_code == 200
    assert "Stadsregio Turnhout" in response.content.decode() and "Laaggeletterdheid" in response.content.decode()


def test_publishing_too_early_shows_the_six_week_message(client, mw):
    area = WorkArea.objects.create(name="Kempen-Noord")
    services.matching_role_grant(work_area=area, user=mw.coordinator, role="coordinator", by=None)
    today = timezone.localdate()
    services.addendum_save(work_area=area, by=mw.coordinator, publication_date=today, candidacy_deadline=today + timedelta(days=41))
    client.force_login(mw.coordinator)
    response = client.post(reverse("matching:addendum_publish", kwargs={"work_area": area.code}), follow=True)
    assert "6 weken (42 dagen)" in response.content.decode()
    assert LocalAddendum.objects.get(work_area=area).status == LocalAddendum.Status.DRAFT


def test_a_candidate_applies_keeps_a_draft_and_submits(client, mw):
    _org, user = candidate(mw, "Ligo")
    client.force_login(user)
    response = client.post(reverse("matching:candidacy_new"), {"work_area": str(mw.area.code)})
    candidacy = Candidacy.objects.get(organisation__name="Ligo vzw")
    assert response.status_code == 302 and response["Location"] == reverse("matching:candidacy_edit", kwargs={"candidacy": candidacy.code})
    edit = reverse("matching:candidacy_edit", kwargs={"candidacy": candidacy.code})
    response = client.post(edit, {"legal_form": "vzw", "crucial_q1": "Wat we typten", "submit": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Wat we typten" in body and str(services.ERROR_LEGAL_PERSON) in body
    candidacy.refresh_from_db()
    assert candidacy.is_draft and candidacy.crucial_q1 == "Wat we typten"
    data = {"legal_form": "vzw", "is_legal_person": "on", "challenges": [mw.challenge.pk], "contact_email": "ligo@example.test", **ANSWERS, "submit": "1"}
    response = client.post(edit, data)
    assert response.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.stage == Candidacy.Stage.SUBMITTED
    response = client.post(reverse("matching:candidacy_new"), {"work_area": str(mw.area.code)})
    assert str(services.ERROR_SECOND_CANDIDACY) in response.content.decode()


def test_a_refused_upload_is_explained(client, mw):
    _org, user = candidate(mw, "Ligo")
    candidacy = services.candidacy_start(work_area=mw.area, by=user)
    client.force_login(user)
    response = client.post(reverse("matching:document_upload", kwargs={"candidacy": candidacy.code}),
                           {"file": SimpleUploadedFile("macro.xlsm", b"x")}, follow=True)
    assert "De bijlage werd niet toegevoegd" in response.content.decode()


def test_a_matchmaker_declares_first_then_scores_and_sees_the_jury_view(client, mw):
    candidacy = submitted_candidacy(mw, "Emino")
    client.force_login(mw.external1)
    detail = reverse("matching:candidacy", kwargs={"candidacy": candidacy.code})
    response = client.get(detail)
    assert response["Location"] == reverse("matching:conflict", kwargs={"candidacy": candidacy.code})
    client.post(reverse("matching:conflict", kwargs={"candidacy": candidacy.code}), {"has_conflict": "no"})
    assert client.get(detail).status_code == 200
    response = client.post(reverse("matching:score", kwargs={"candidacy": candidacy.code, "round": 1}),
                           {"crucial_value": "3", "crucial_motivation": "Sterk lokaal", "fit_value": "2", "fit_motivation": ""})
    assert response.status_code == 200 and "error_1_id_fit_motivation" in response.content.decode()
    response = client.post(reverse("matching:score", kwargs={"candidacy": candidacy.code, "round": 1}),
                           {"crucial_value": "3", "crucial_motivation": "Sterk lokaal", "fit_value": "2", "fit_motivation": "Weinig samenwerking"})
    assert response["Location"] == reverse("matching:jury_view", kwargs={"work_area": mw.area.code, "round": 1})
    assert client.get(response["Location"]).status_code == 200


def test_the_score_page_says_which_group_is_missing(client, mw):
    from matching.models import MatchingRole

    MatchingRole.objects.filter(work_area=mw.area, group="local_government").delete()
    candidacy = submitted_candidacy(mw, "Emino")
    services.conflict_declare(candidacy=candidacy, by=mw.vdab1, has_conflict=False)
    client.force_login(mw.vdab1)
    body = client.get(reverse("matching:score", kwargs={"candidacy": candidacy.code, "round": 1})).content.decode()
    assert "Ontbrekende groep: Lokaal bestuur" in body


def test_a_candidate_never_sees_jury_pages_nor_other_candidacies(client, mw):
    own = submitted_candidacy(mw, "Emino")
    other = submitted_candidacy(mw, "Arktos")
    client.force_login(mw.candidates["Emino"])
    assert client.get(reverse("matching:candidacy", kwargs={"candidacy": own.code})).status_code == 200
    assert client.get(reverse("matching:candidacy", kwargs={"candidacy": other.code})).status_code == 404
    assert client.get(reverse("matching:jury_view", kwargs={"work_area": mw.area.code, "round": 1})).status_code == 404
    assert client.get(reverse("matching:score", kwargs={"candidacy": own.code, "round": 1})).status_code == 403


def test_the_coordinator_records_a_group_vote_and_mails_the_decision(client, mw, django_capture_on_commit_callbacks):
    candidacy = submitted_candidacy(mw, "Emino")
    client.force_login(mw.coordinator)
    url = reverse("matching:decision", kwargs={"candidacy": candidacy.code, "round": 1})
    client.post(url, {"criterion": "crucial", "crucial-method": "vote", "crucial-vote_vdab": "4", "crucial-vote_local_government": "4",
                      "crucial-vote_external": "2", "crucial-motivation": "Twee groepen zien een cruciale bijdrage"})
    client.post(url, {"criterion": "fit", "fit-method": "consensus", "fit-consensus_score": "3", "fit-motivation": "Ervaring met samenwerking"})
    decision = JuryDecision.objects.get(candidacy=candidacy, criterion="crucial")
    assert decision.score == 4 and decision.vote_external == 2
    candidacy.refresh_from_db()
    assert candidacy.stage == Candidacy.Stage.INVITED_ROUND2
    client.post(reverse("matching:outbox", kwargs={"work_area": mw.area.code}))
    mail = DecisionMail.objects.get(candidacy=candidacy)
    preview = client.get(reverse("matching:mail", kwargs={"decision_mail": mail.code})).content.decode()
    assert "Twee groepen zien een cruciale bijdrage" in preview
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:mail_send", kwargs={"decision_mail": mail.code}))
    mail.refresh_from_db()
    assert mail.status == DecisionMail.Status.SENT and len(outbox.outbox) == 1
    client.force_login(mw.candidates["Emino"])
    assert client.get(reverse("matching:mail", kwargs={"decision_mail": mail.code})).status_code == 200


def test_a_candidate_cannot_read_a_draft_mail(client, mw):
    candidacy = decide(mw, submitted_candidacy(mw, "Emino"), 1, 2, 2)
    mail = services.mails_prepare(work_area=mw.area, by=mw.coordinator)[0]
    client.force_login(mw.candidates["Emino"])
    assert client.get(reverse("matching:mail", kwargs={"decision_mail": mail.code})).status_code == 403
    assert candidacy.stage == Candidacy.Stage.REJECTED_ROUND1


def test_the_candidate_lodges_an_appeal_with_an_attachment(client, mw, django_capture_on_commit_callbacks):
    candidacy = decide(mw, submitted_candidacy(mw, "Emino"), 1, 2, 4)
    send_mails(mw, django_capture_on_commit_callbacks)
    client.force_login(mw.candidates["Emino"])
    body = client.get(reverse("matching:candidacy", kwargs={"candidacy": candidacy.code})).content.decode()
    assert "Weerwoord indienen" in body
    response = client.post(reverse("matching:appeal_new", kwargs={"candidacy": candidacy.code}), {
        "criterion": "crucial", "overlooked": "Ons jaarverslag (bijlage 2)", "motivation": "Toont onze capaciteit",
        "attachments": [SimpleUploadedFile("jaarverslag.pdf", b"%PDF-1.4")],
    })
    appeal = Appeal.objects.get(candidacy=candidacy)
    assert response["Location"] == reverse("matching:appeal", kwargs={"appeal": appeal.code})
    assert appeal.documents.count() == 1


def test_exports_escape_formula_cells(client, mw):
    candidacy = submitted_candidacy(mw, "Emino")
    declare_all(mw, candidacy)
    services.score_submit(candidacy=candidacy, by=mw.vdab1, round=1, criterion="crucial", value=3, motivation="=HYPERLINK(\"x\")")
    client.force_login(mw.coordinator)
    body = client.get(reverse("matching:export_csv", kwargs={"work_area": mw.area.code})).content.decode()
    assert "'=HYPERLINK" in body
    response = client.get(reverse("matching:export_xlsx", kwargs={"work_area": mw.area.code}))
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "'=HYPERLINK(\"x\")" in values


def test_the_final_report_is_rendered_by_the_task_and_versioned(client, mw, django_capture_on_commit_callbacks):
    candidacy = decide(mw, submitted_candidacy(mw, "Emino"), 1, 3, 3)
    declare_all(mw, candidacy)
    score_all(mw, candidacy, 1, 3, 3)
    client.force_login(mw.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:reports", kwargs={"work_area": mw.area.code}))
    report = FinalReport.objects.get(work_area=mw.area)
    assert response["Location"] == reverse("matching:report", kwargs={"final_report": report.code})
    assert report.status == FinalReport.Status.DONE and report.version == 1
    assert report.file.read(4) == b"%PDF"
    assert services.final_report_render(report_id=report.pk) is False  # a redelivery does nothing
    fragment = client.get(reverse("matching:report", kwargs={"final_report": report.code}), HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in fragment.content and b"downloaden" in fragment.content
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("matching:reports", kwargs={"work_area": mw.area.code}))
    queued = FinalReport.objects.get(work_area=mw.area, version=2)
    assert b'hx-trigger="every 2s"' in client.get(reverse("matching:report", kwargs={"final_report": queued.code}), HTTP_HX_REQUEST="true").content


def test_the_observer_reads_the_six_conditions_but_changes_nothing(client, mw, django_capture_on_commit_callbacks):
    decide(mw, submitted_candidacy(mw, "Emino"), 1, 2, 2)
    send_mails(mw, django_capture_on_commit_callbacks)
    client.force_login(mw.observer)
    body = client.get(reverse("matching:observer", kwargs={"work_area": mw.area.code})).content.decode()
    assert body.count("badge") >= 6
    assert "Alle 1 negatieve mails vermeldden de weerwoordprocedure" in body
    assert client.post(reverse("matching:outbox", kwargs={"work_area": mw.area.code})).status_code == 403
    assert client.post(reverse("matching:reports", kwargs={"work_area": mw.area.code})).status_code == 403
    assert client.get(reverse("matching:addendum_edit", kwargs={"work_area": mw.area.code})).status_code == 403


def test_the_home_panel_lists_candidacies_to_score(client, mw):
    submitted_candidacy(mw, "Emino")
    client.force_login(mw.vdab1)
    body = client.get(reverse("home")).content.decode()
    assert "Kandidaturen om te scoren" in body and "1 kandidatuur nog te scoren" in body
    client.force_login(mw.candidates["Emino"])
    assert "Kandidaturen van je organisatie" in client.get(reverse("home")).content.decode()


def test_the_coordinators_home_panel_lists_what_waits(client, mw, django_capture_on_commit_callbacks):
    submitted_candidacy(mw, "Emino")
    decide(mw, submitted_candidacy(mw, "Arktos"), 1, 2, 2)
    services.mails_prepare(work_area=mw.area, by=mw.coordinator)
    client.force_login(mw.coordinator)
    body = client.get(reverse("home")).content.decode()
    assert "1 kandidatuur wacht op een juryscore" in body and "1 mail om na te lezen en te verzenden" in body


def test_the_emergency_page_lists_every_partner_to_rescore(client, mw, world):
    from matching.models import EmergencyProcedure

    procedure = EmergencyProcedure.objects.create(
        partnership=world.partnership_a, work_area=mw.area, motivation="m", vdab_representative=mw.vdab1,
        local_government_representative=mw.local, started_on=world.partnership_a.start_date - timedelta(days=3), started_by=mw.coordinator,
    )
    sign_url = reverse("matching:emergency_sign", kwargs={"emergency": procedure.code})
    for representative in (mw.vdab1, mw.local):
        client.force_login(representative)
        assert "Noodprocedures om te ondertekenen" in client.get(reverse("matching:index")).content.decode()
        assert b"Ondertekenen" in client.get(reverse("matching:emergency", kwargs={"emergency": procedure.code})).content
        client.post(sign_url)
    procedure.refresh_from_db()
    assert procedure.is_signed
    services.emergency_score(procedure=procedure, by=mw.coordinator, organisation=world.org_a, criterion="crucial", value=3, motivation="m")
    client.force_login(mw.coordinator)
    body = client.get(reverse("matching:emergency", kwargs={"emergency": procedure.code})).content.decode()
    assert "Emino" in body and "CGG Kempen" in body
    response = client.post(reverse("matching:emergency_new", kwargs={"work_area": mw.area.code}), {
        "partnership": world.partnership_a.pk, "motivation": "Geen akkoord", "vdab_representative": mw.vdab1.pk,
        "local_government_representative": mw.local.pk,
    })
    assert response.status_code == 200 and "8 weken" in response.content.decode()


def test_the_coordinator_sends_all_drafts_after_confirming(client, mw, django_capture_on_commit_callbacks):
    decide(mw, submitted_candidacy(mw, "Emino"), 1, 2, 2)
    decide(mw, submitted_candidacy(mw, "Arktos"), 1, 3, 3)
    services.mails_prepare(work_area=mw.area, by=mw.coordinator)
    client.force_login(mw.coordinator)
    url = reverse("matching:outbox_send_all", kwargs={"work_area": mw.area.code})
    assert "2 mails in het postvak verzenden?" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert DecisionMail.objects.filter(status=DecisionMail.Status.SENT).count() == 2
    client.force_login(mw.vdab1)
    assert client.post(url).status_code == 403


def test_a_matchmaker_sees_sent_mails_and_appeals_without_links_they_cannot_open(client, mw, django_capture_on_commit_callbacks):
    candidacy = submitted_candidacy(mw, "Emino")
    declare_all(mw, candidacy)
    candidacy = decide(mw, candidacy, 1, 2, 4)
    send_mails(mw, django_capture_on_commit_callbacks)
    mail = DecisionMail.objects.get(candidacy=candidacy)
    mail_url = reverse("matching:mail", kwargs={"decision_mail": mail.code})
    client.force_login(mw.vdab1)
    assert client.get(mail_url).status_code == 403
    body = client.get(reverse("matching:candidacy", kwargs={"candidacy": candidacy.code})).content.decode()
    assert mail.subject in body and mail_url not in body
    client.force_login(mw.coordinator)
    assert mail_url in client.get(reverse("matching:candidacy", kwargs={"candidacy": candidacy.code})).content.decode()


def test_the_esf_observer_opens_candidacies_and_sent_mails(client, mw, django_capture_on_commit_callbacks):
    candidacy = decide(mw, submitted_candidacy(mw, "Emino"), 1, 2, 4)
    send_mails(mw, django_capture_on_commit_callbacks)
    mail = DecisionMail.objects.get(candidacy=candidacy)
    client.force_login(mw.observer)
    assert client.get(reverse("matching:candidacy", kwargs={"candidacy": candidacy.code})).status_code == 200
    assert client.get(reverse("matching:mail", kwargs={"decision_mail": mail.code})).status_code == 200


def test_the_emergency_form_offers_only_this_work_areas_local_governments(client, mw, world):
    from matching.forms import EmergencyStartForm
    from partnerships.models import Organisation, PartnerOrganisation

    elsewhere = Organisation.objects.create(name="Stad Elders", kind=Organisation.Kind.LOCAL_GOVERNMENT)
    from tests.world import make_user

    stranger = make_user("m_stranger", elsewhere)
    partner_gov = Organisation.objects.create(name="OCMW Hier", kind=Organisation.Kind.LOCAL_GOVERNMENT)
    PartnerOrganisation.objects.create(partnership=world.partnership_a, organisation=partner_gov)
    alderman = make_user("m_alderman", partner_gov)
    choices = set(EmergencyStartForm(work_area=mw.area).fields["local_government_representative"].queryset)
    assert alderman in choices and mw.local in choices and stranger not in choices
