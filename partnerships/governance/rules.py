"""Governance rules as pure functions: no database, tested at their edges.

Sources: the quality framework annex of the call for interest (consent as the
preferred decision method, escalated issues with feedback, improvement
initiatives shared before they start, the right to challenge), question 10 of
the Turnhout application (composition changes no earlier than 6 months after the
start) and the blended-business-models research (five facets, three domains of
hybrid tensions, a distribution key)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# --- Choices shared by models, forms and the API ----------------------------------


class Method(models.TextChoices):
    CONSENT = "consent", _("Consent")
    CONSENSUS = "consensus", _("Consensus")
    MAJORITY = "majority", _("Meerderheid")


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Aangekaart")
    ON_AGENDA = "on_agenda", _("Op de agenda van de bestuursraad")
    IN_HANDS = "in_hands", _("In behandeling bij een bestuurslid")
    CLOSED = "closed", _("Opgelost en teruggekoppeld")


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    CONSENTED = "consented", _("Consent van het team")
    SHARED = "shared", _("Gedeeld met de andere partnerschappen")
    PILOTING = "piloting", _("Piloot loopt")
    EVALUATED = "evaluated", _("Geëvalueerd")
    WIDENED = "widened", _("Verbreed")
    STOPPED = "stopped", _("Gestopt")


class Facet(models.TextChoices):
    VALUE_PROPOSITION = "value_proposition", _("Waardepropositie")
    COLLABORATION = "collaboration", _("Samenwerkingsmodel")
    REVENUE_MODEL = "revenue_model", _("Verdienmodel (kosten en opbrengsten)")
    AGREEMENT = "agreement", _("Overeenkomst")
    SCALABILITY = "scalability", _("Schaalbaarheid")


FACET_ORDER = [Facet.VALUE_PROPOSITION, Facet.COLLABORATION, Facet.REVENUE_MODEL, Facet.AGREEMENT, Facet.SCALABILITY]


class FacetState(models.TextChoices):
    CLARIFIED = "clarified", _("Volledig uitgeklaard")
    OPEN_POINTS = "open_points", _("Open punten die verdere verfijning vereisen")
    TO_ADDRESS = "to_address", _("Nog aan te brengen onderwerp")


class TensionDomain(models.TextChoices):
    VALUE_PROPOSITION = "value_proposition", _("Waardepropositie")
    VALUE_CREATION = "value_creation", _("Waardecreatie")
    VALUE_CAPTURE = "value_capture", _("Waardecaptatie")


class CanvasBlock(models.TextChoices):
    """The nine blocks of the business model canvas (as named in the research)."""

    CUSTOMER_SEGMENTS = "customer_segments", _("Klantsegmenten")
    VALUE_PROPOSITION = "value_proposition", _("Waardepropositie")
    CHANNELS = "channels", _("Kanalen")
    CUSTOMER_RELATIONSHIPS = "customer_relations", _("Klantenrelaties")
    REVENUE_STREAMS = "revenue_streams", _("Inkomstenstromen")
    KEY_RESOURCES = "key_resources", _("Mensen en middelen")
    KEY_ACTIVITIES = "key_activities", _("Kernactiviteiten")
    KEY_PARTNERS = "key_partners", _("Strategische partners")
    COST_STRUCTURE = "cost_structure", _("Kostenstructuur")


# --- Calendar ---------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar months; a day that does not exist in the target month
    is clamped to its last day (31 August + 6 months = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _d(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


class RuleError(ValueError):
    """A rule refused something; ``message`` is for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- Decisions ----------------------------------------------------------------------

ERROR_OPEN_OBJECTIONS = _("Een consentbesluit is pas aangenomen als elk bezwaar opgelost is; nog open: %(count)s.")
ERROR_VOTES_MISSING = _("Geef het aantal stemmen voor, tegen en onthoudingen op.")
ERROR_NO_VOTES = _("Er werd niet gestemd: minstens één stem voor of tegen is nodig.")

MAJORITY_RULE = _(
    "Meerderheid: aangenomen als er meer stemmen voor dan tegen zijn. Onthoudingen tellen niet mee; "
    "bij staking van stemmen is het voorstel niet aangenomen."
)


def consent_outcome(*, unresolved_objections: int) -> bool:
    """Consent is given when no reasoned objection remains unresolved.

    Raises RuleError while objections remain."""
    if unresolved_objections > 0:
        raise RuleError(ERROR_OPEN_OBJECTIONS % {"count": unresolved_objections})
    return True


def majority_outcome(*, votes_for: int | None, votes_against: int | None, votes_abstain: int | None) -> bool:
    """True when adopted: more votes for than against (abstentions do not count;
    a tie is not adopted)."""
    if votes_for is None or votes_against is None or votes_abstain is None:
        raise RuleError(ERROR_VOTES_MISSING)
    if votes_for < 0 or votes_against < 0 or votes_abstain < 0:
        raise RuleError(ERROR_VOTES_MISSING)
    if votes_for + votes_against == 0:
        raise RuleError(ERROR_NO_VOTES)
    return votes_for > votes_against


# --- Escalated issues ---------------------------------------------------------------

ERROR_CLOSE_WITHOUT_FEEDBACK = _("Een kwestie sluit je pas af na terugkoppeling aan het team.")
ERROR_ISSUE_CLOSED = _("Deze kwestie is al afgesloten.")
# The one who escalated is reminded to raise the issue again after this many days.
RAISE_AGAIN_AFTER_DAYS = 30


def check_issue_can_close(*, feedback: str) -> None:
    if not (feedback or "").strip():
        raise RuleError(ERROR_CLOSE_WITHOUT_FEEDBACK)


def feedback_overdue(*, status: str, feedback_due_on: date | None, feedback_given_on: date | None, today: date) -> bool:
    return (
        status != IssueStatus.CLOSED
        and feedback_due_on is not None
        and feedback_given_on is None
        and feedback_due_on < today
    )


def raise_again_due(*, status: str, last_raised_on: date, today: date) -> bool:
    return status != IssueStatus.CLOSED and (today - last_raised_on).days >= RAISE_AGAIN_AFTER_DAYS


# --- Improvement initiatives ------------------------------------------------------------

S = InitiativeStatus
# The one path an initiative follows; widening or stopping ends it.
INITIATIVE_PATH = [S.PROPOSED, S.CONSENTED, S.SHARED, S.PILOTING, S.EVALUATED]
INITIATIVE_TRANSITIONS: dict[str, set[str]] = {
    S.PROPOSED: {S.CONSENTED},
    S.CONSENTED: {S.SHARED},
    S.SHARED: {S.PILOTING},
    S.PILOTING: {S.EVALUATED},
    S.EVALUATED: {S.WIDENED, S.STOPPED, S.PILOTING},  # piloting again: a next iteration
    S.WIDENED: set(),
    S.STOPPED: set(),
}
STEP_REASONS = {
    S.CONSENTED: _("eerst moet het team consent geven"),
    S.SHARED: _("eerst moet het initiatief gedeeld worden met de andere partnerschappen"),
    S.PILOTING: _("eerst moet de piloot lopen"),
    S.EVALUATED: _("eerst moet de piloot geëvalueerd worden"),
}
ERROR_INITIATIVE_ENDED = _("Dit initiatief is al afgerond (%(status)s).")
ERROR_SKIPS_STEP = _("Van '%(current)s' naar '%(target)s' kan niet: %(reasons)s.")
ERROR_SAME_STATE = _("Het initiatief staat al op '%(status)s'.")


def check_initiative_transition(current: str, target: str) -> None:
    """Refuse a transition that skips a required step, naming the missing steps."""
    current, target = S(current), S(target)
    if target in INITIATIVE_TRANSITIONS[current]:
        return
    if current in (S.WIDENED, S.STOPPED):
        raise RuleError(ERROR_INITIATIVE_ENDED % {"status": current.label})
    if current == target:
        raise RuleError(ERROR_SAME_STATE % {"status": current.label})
    position = INITIATIVE_PATH.index(current)
    target_position = INITIATIVE_PATH.index(target) if target in INITIATIVE_PATH else len(INITIATIVE_PATH)
    if target_position <= position:
        missing = []
    else:
        missing = [STEP_REASONS[step] for step in INITIATIVE_PATH[position + 1:target_position]]
    reasons = ", ".join(str(reason) for reason in missing) or str(_("een initiatief gaat niet terug"))
    raise RuleError(ERROR_SKIPS_STEP % {"current": current.label, "target": target.label, "reasons": reasons})


def next_initiative_states(current: str) -> list[str]:
    order = [*INITIATIVE_PATH, S.WIDENED, S.STOPPED]
    return [state for state in order if state in INITIATIVE_TRANSITIONS[S(current)]]


# --- Composition and the right to challenge ----------------------------------------------

COMPOSITION_MIN_MONTHS = 6
DEFAULT_CHALLENGE_AFTER_MONTHS = 36  # "at most three years for a six-year partnership"
ERROR_COMPOSITION_TOO_EARLY = _(
    "De samenstelling kan ten vroegste 6 maanden na de start wijzigen: vanaf %(date)s."
)
ERROR_CHALLENGE_TOO_EARLY = _("Het recht om uit te dagen opent pas op %(date)s.")


def earliest_composition_change(partnership_start: date) -> date:
    return add_months(partnership_start, COMPOSITION_MIN_MONTHS)


def check_composition_change_date(*, partnership_start: date, effective_on: date) -> None:
    earliest = earliest_composition_change(partnership_start)
    if effective_on < earliest:
        raise RuleError(ERROR_COMPOSITION_TOO_EARLY % {"date": _d(earliest)})


def challenge_opens_on(partnership_start: date, after_months: int = DEFAULT_CHALLENGE_AFTER_MONTHS) -> date:
    return add_months(partnership_start, after_months)


def check_challenge_date(*, partnership_start: date, lodged_on: date, after_months: int) -> None:
    opens = challenge_opens_on(partnership_start, after_months)
    if lodged_on < opens:
        raise RuleError(ERROR_CHALLENGE_TOO_EARLY % {"date": _d(opens)})


# --- Distribution key -----------------------------------------------------------------------

HUNDRED = Decimal("100.00")
ERROR_KEY_SUM = _("De percentages moeten samen precies 100,00 zijn; nu is dat %(total)s.")
ERROR_KEY_EMPTY = _("Geef minstens één partner een aandeel.")
ERROR_KEY_DUPLICATE = _("Elke organisatie komt maar één keer voor in een verdeelsleutel.")
ERROR_KEY_SHARE_RANGE = _("Een aandeel ligt tussen 0,01 en 100,00 %.")


@dataclass(frozen=True)
class Share:
    organisation_id: int
    percentage: Decimal


def check_distribution_key(shares: Iterable[Share]) -> Decimal:
    """Shares must be positive, one per organisation, summing to exactly 100.00."""
    shares = list(shares)
    if not shares:
        raise RuleError(ERROR_KEY_EMPTY)
    ids = [share.organisation_id for share in shares]
    if len(set(ids)) != len(ids):
        raise RuleError(ERROR_KEY_DUPLICATE)
    for share in shares:
        if not (Decimal("0.01") <= share.percentage <= HUNDRED):
            raise RuleError(ERROR_KEY_SHARE_RANGE)
    total = sum((share.percentage for share in shares), Decimal("0"))
    if total != HUNDRED:
        from django.utils.formats import number_format

        raise RuleError(ERROR_KEY_SUM % {"total": number_format(total, 2)})
    return total


def current_key(valid_froms: Iterable[date], today: date) -> date | None:
    """The start date of the key that applies ``today`` (latest start not after today)."""
    started = [day for day in valid_froms if day <= today]
    return max(started) if started else None
