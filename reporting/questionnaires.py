"""Content-report questionnaires shipped with the app (data, not code).

Call 512 ("Blended business models"), content report phase 2, from
shared/sources/esf-call-512-content-report-phase2.md, in Dutch as published.
Installed by a data migration and by ``services.questionnaire_template_install``."""

CALL_512_PHASE_2 = {
    "slug": "oproep-512-fase-2",
    "name": "Oproep 512 (Blended business models) – inhoudelijke rapportering fase 2",
    "introduction": (
        "OP ESF Vlaanderen 2014–2020, prioriteit 4, investeringsprioriteit 8 via partnerschapsontwikkeling "
        "en mensgericht ondernemen. Beantwoord elke vraag in lopende tekst; voeg deliverables toe als bijlage."
    ),
    "questions": [
        {
            "number": "1",
            "text": "Laad de tijdens deze rapportperiode opgemaakte deliverables op in het ESF-archief als bijlage "
                    "aan jullie rapportering.",
            "help_text": "We denken daarbij vooral aan documenten die hebben bijgedragen aan de realisatie van het "
                         "uiteindelijke samenwerkingsmodel en aan de interne kennisborging ervan.",
            "required": False,
            "attachments_allowed": True,
        },
        {
            "number": "2",
            "text": "Op welke wijze heeft u rekening gehouden met de opmerkingen die u ontving bij de goedkeuring om "
                    "naar fase 2 over te gaan (zie ESF-applicatie) en/of bij projectbezoeken (indien van toepassing)?",
            "help_text": "",
            "required": True,
            "attachments_allowed": False,
        },
        {
            "number": "3",
            "text": "Werden er ten opzichte van de planning die werd goedgekeurd na fase 1 significante wijzigingen "
                    "doorgevoerd?",
            "help_text": "Geef kort de initiële doelstellingen met betrekking tot de projectactiviteiten en de interne "
                         "kennisborging, en geef daarnaast de uiteindelijke stand van zaken weer. Duid aan op welke "
                         "wijze hier eventueel werd afgeweken van de goedgekeurde planning en motiveer.",
            "required": True,
            "attachments_allowed": True,
        },
        {
            "number": "4",
            "text": "Wat zijn de belangrijkste geleerde lessen na afloop van dit experiment? Wat zijn volgens jullie "
                    "de belangrijkste kritische succesfactoren voor het opzetten van een duurzaam samenwerkingsmodel?",
            "help_text": "Maak hier indien mogelijk een onderscheid tussen de verschillende partners.",
            "required": True,
            "attachments_allowed": False,
        },
        {
            "number": "5",
            "text": "Op welke manier evalueren jullie de geboden ondersteuning door Deloitte en Febecoop? Was deze "
                    "voldoende en volgens de verwachtingen?",
            "help_text": "Werden de juiste methodieken gebruikt en nuttige kaders/inzichten aangereikt? Was de "
                         "begeleiding voldoende flexibel en op maat?",
            "required": True,
            "attachments_allowed": False,
        },
        {
            "number": "6",
            "text": "We bekijken momenteel op welke manier we de resultaten van deze oproep kunnen dissemineren naar "
                    "geïnteresseerde bedrijven en andere stakeholders. Mogen we jullie in het kader van eventuele "
                    "communicatiedoeleinden contacteren?",
            "help_text": "Antwoord met ja of nee.",
            "required": True,
            "attachments_allowed": False,
        },
        {
            "number": "7",
            "text": "Gelieve hier de link te plaatsen naar de webpagina van uw organisatie / project waar aan de "
                    "publicitaire verplichtingen werd voldaan.",
            "help_text": "Eén link per regel.",
            "required": True,
            "attachments_allowed": False,
        },
    ],
}

SHIPPED_TEMPLATES = [CALL_512_PHASE_2]

DEFAULT_CALL_NAME = "Oproep lokale partnerschappen 2023"
