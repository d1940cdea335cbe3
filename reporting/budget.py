"""The ESF budget and financing form, computed exactly (DOMAIN.md §4).

Pure functions on plain data, in ``Decimal``, rounded half up to cents; no
database, no floats. The web form, the JSON import/export, the API and
``manage.py esf_budget compute`` all go through ``parse`` and ``compute``.

* SUT (standard hourly rate) = monthly gross × SUT factor, to cents;
* cost = SUT × project hours, to cents;
* flat rate = flat-rate % of the strand's personnel cost, to cents; the
  project's flat rate is the sum of the strands';
* financing per strand: VCF (entered), local government, VDAB (staff + budget)
  and other (sums of cofinancing rows), ESF = the remainder, never below 0;
* percentages of the strand's (or the project's) total cost, two decimals;
* control = total cost − total financing; must be 0 (it is not when the other
  sources exceed the total cost: ESF cannot be negative).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal("0.00")

DEFAULT_SUT_FACTOR = Decimal("0.012")  # the call's factor, 20.64 / 1720
DEFAULT_FLAT_RATE_PERCENT = Decimal("40")

OPERATION = "operation"
SUPPORT = "support"
STRANDS = (OPERATION, SUPPORT)

LOCAL_GOVERNMENT = "local_government"
VDAB_STAFF = "vdab_staff"
VDAB_BUDGET = "vdab_budget"
OTHER = "other"
SOURCES = (LOCAL_GOVERNMENT, VDAB_STAFF, VDAB_BUDGET, OTHER)

EMPLOYED = "employed"
TO_HIRE = "to_hire"
STATUSES = (EMPLOYED, TO_HIRE)

# Financing lines of a strand, in the order the form shows them.
FINANCING_KEYS = ("esf", "vcf", "local_government", "vdab", "other")

# The call's nominal shares (percent of the strand's total cost).
DEFAULT_NOMINAL_SHARES = {
    OPERATION: {"esf": Decimal(40), "vcf": Decimal(30), "local_government": Decimal(15), "vdab": Decimal(15), "other": Decimal(0)},
    SUPPORT: {"esf": Decimal(60), "vcf": Decimal(30), "local_government": Decimal(0), "vdab": Decimal(10), "other": Decimal(0)},
}

# Error messages (tests reuse them).
MISSING = _("ontbreekt")
NOT_A_NUMBER = _("is geen geldig getal")
NO_FLOATS = _("schrijf bedragen als tekst (\"1234.56\"), niet als kommagetal")
NEGATIVE = _("mag niet negatief zijn")
TOO_MANY_DECIMALS = _("heeft meer dan 2 decimalen")
UNKNOWN_STRAND = _("onbekend luik (operation of support)")
UNKNOWN_SOURCE = _("onbekende bron (local_government, vdab_staff, vdab_budget of other)")
UNKNOWN_STATUS = _("onbekende status (employed of to_hire)")
NOT_A_BOOLEAN = _("moet true of false zijn")
NOT_A_LIST = _("moet een lijst zijn")
NOT_AN_OBJECT = _("moet een object zijn")
TOO_LONG = _("is te lang")
BAD_FACTOR = _("moet groter dan 0 zijn")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def share(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``, two decimals half up (0 for an empty whole)."""
    if not whole:
        return ZERO
    return money(part * HUNDRED / whole)


class BudgetError(ValueError):
    """Invalid input, naming where: ``personnel[3].hours`` (rows counted from 1)."""

    def __init__(self, location: str, message):
        self.location = location
        self.message = str(message)
        super().__init__(f"{location}: {self.message}")


# --- Input ------------------------------------------------------------------

@dataclass(frozen=True)
class PersonnelRow:
    strand: str
    function: str
    monthly_gross: Decimal
    hours: Decimal
    status: str = TO_HIRE
    activity: str = ""


@dataclass(frozen=True)
class CofinancingRow:
    strand: str
    source: str
    amount: Decimal
    person_bound: bool = False
    description: str = ""


@dataclass(frozen=True)
class BudgetInput:
    personnel: list[PersonnelRow]
    cofinancing: list[CofinancingRow]
    vcf: dict[str, Decimal]
    sut_factor: Decimal = DEFAULT_SUT_FACTOR
    flat_rate_percent: Decimal = DEFAULT_FLAT_RATE_PERCENT


def parse_decimal(value, location: str, *, places: int | None = 2, allow_negative: bool = False) -> Decimal:
    """A Decimal from a JSON string/integer (or a Decimal parsed by json with parse_float=Decimal)."""
    if value is None or value == "":
        raise BudgetError(location, MISSING)
    if isinstance(value, bool):
        raise BudgetError(location, NOT_A_NUMBER)
    if isinstance(value, float):
        raise BudgetError(location, NO_FLOATS)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, (str, Decimal)):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise BudgetError(location, NOT_A_NUMBER) from None
    else:
        raise BudgetError(location, NOT_A_NUMBER)
    if not number.is_finite():
        raise BudgetError(location, NOT_A_NUMBER)
    if number < 0 and not allow_negative:
        raise BudgetError(location, NEGATIVE)
    if places is not None and number.as_tuple().exponent < -places:
        raise BudgetError(location, TOO_MANY_DECIMALS)
    return number


def _text(row: dict, key: str, location: str, *, required: bool, max_length: int = 300) -> str:
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise BudgetError(f"{location}.{key}", MISSING)
        return ""
    if not isinstance(value, str):
        raise BudgetError(f"{location}.{key}", MISSING)
    if len(value) > max_length:
        raise BudgetError(f"{location}.{key}", TOO_LONG)
    return value.strip()


def _choice(row: dict, key: str, location: str, choices, message, default=None) -> str:
    value = row.get(key, default)
    if value is None:
        raise BudgetError(f"{location}.{key}", MISSING)
    if value not in choices:
        raise BudgetError(f"{location}.{key}", message)
    return value


def _rows(data: dict, key: str) -> list:
    rows = data.get(key, [])
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise BudgetError(key, NOT_A_LIST)
    return rows


def parse(data, *, sut_factor: Decimal | None = None, flat_rate_percent: Decimal | None = None) -> BudgetInput:
    """Validate the exchange JSON (already loaded, ideally with parse_float=Decimal).

    ``sut_factor``/``flat_rate_percent`` are the call's defaults, used when the
    JSON does not carry its own."""
    if not isinstance(data, dict):
        raise BudgetError("$", NOT_AN_OBJECT)
    personnel = []
    for number, row in enumerate(_rows(data, "personnel"), start=1):
        where = f"personnel[{number}]"
        if not isinstance(row, dict):
            raise BudgetError(where, NOT_AN_OBJECT)
        personnel.append(PersonnelRow(
            strand=_choice(row, "strand", where, STRANDS, UNKNOWN_STRAND),
            status=_choice(row, "status", where, STATUSES, UNKNOWN_STATUS, default=TO_HIRE),
            function=_text(row, "function", where, required=True, max_length=200),
            monthly_gross=parse_decimal(row.get("monthly_gross"), f"{where}.monthly_gross"),
            hours=parse_decimal(row.get("hours"), f"{where}.hours"),
            activity=_text(row, "activity", where, required=False, max_length=300),
        ))
    cofinancing = []
    for number, row in enumerate(_rows(data, "cofinancing"), start=1):
        where = f"cofinancing[{number}]"
        if not isinstance(row, dict):
            raise BudgetError(where, NOT_AN_OBJECT)
        person_bound = row.get("person_bound", False)
        if not isinstance(person_bound, bool):
            raise BudgetError(f"{where}.person_bound", NOT_A_BOOLEAN)
        cofinancing.append(CofinancingRow(
            strand=_choice(row, "strand", where, STRANDS, UNKNOWN_STRAND),
            source=_choice(row, "source", where, SOURCES, UNKNOWN_SOURCE),
            person_bound=person_bound,
            amount=parse_decimal(row.get("amount"), f"{where}.amount"),
            description=_text(row, "description", where, required=False, max_length=300),
        ))
    vcf_data = data.get("vcf") or {}
    if not isinstance(vcf_data, dict):
        raise BudgetError("vcf", NOT_AN_OBJECT)
    for key in vcf_data:
        if key not in STRANDS:
            raise BudgetError(f"vcf.{key}", UNKNOWN_STRAND)
    vcf = {strand: parse_decimal(vcf_data.get(strand, "0"), f"vcf.{strand}") for strand in STRANDS}

    factor = data.get("sut_factor")
    factor = parse_decimal(factor, "sut_factor", places=None) if factor is not None else (sut_factor or DEFAULT_SUT_FACTOR)
    if factor <= 0:
        raise BudgetError("sut_factor", BAD_FACTOR)
    rate = data.get("flat_rate_percent")
    rate = (
        parse_decimal(rate, "flat_rate_percent", places=None) if rate is not None
        else (flat_rate_percent if flat_rate_percent is not None else DEFAULT_FLAT_RATE_PERCENT)
    )
    return BudgetInput(personnel=personnel, cofinancing=cofinancing, vcf=vcf, sut_factor=factor, flat_rate_percent=rate)


# --- Result -----------------------------------------------------------------

@dataclass(frozen=True)
class PersonnelResult:
    row: PersonnelRow
    sut: Decimal
    cost: Decimal


@dataclass
class Totals:
    """Figures of one strand or of the whole project."""

    hours: Decimal = ZERO
    personnel_cost: Decimal = ZERO
    flat_rate: Decimal = ZERO
    total_cost: Decimal = ZERO
    financing: dict[str, Decimal] = field(default_factory=lambda: {key: ZERO for key in FINANCING_KEYS})

    @property
    def total_financing(self) -> Decimal:
        return sum(self.financing.values(), ZERO)

    @property
    def control(self) -> Decimal:
        return self.total_cost - self.total_financing

    def percent(self, key: str) -> Decimal:
        return share(self.financing[key], self.total_cost)

    @property
    def percentages(self) -> dict[str, Decimal]:
        return {key: self.percent(key) for key in FINANCING_KEYS}

    def add(self, other: "Totals") -> None:
        self.hours += other.hours
        self.personnel_cost += other.personnel_cost
        self.flat_rate += other.flat_rate
        self.total_cost += other.total_cost
        for key in FINANCING_KEYS:
            self.financing[key] += other.financing[key]


@dataclass(frozen=True)
class Deviation:
    """A financing share that differs from the call's nominal share."""

    strand: str
    key: str
    nominal: Decimal
    actual: Decimal


@dataclass
class BudgetResult:
    personnel: list[PersonnelResult]
    strands: dict[str, Totals]
    project: Totals
    sut_factor: Decimal = DEFAULT_SUT_FACTOR
    flat_rate_percent: Decimal = DEFAULT_FLAT_RATE_PERCENT

    @property
    def balanced(self) -> bool:
        return self.project.control == 0 and all(t.control == 0 for t in self.strands.values())

    def deviations(self, nominal: dict | None = None) -> list[Deviation]:
        """Shares that differ from the nominal ones (strands with costs only); never corrected."""
        nominal = nominal or DEFAULT_NOMINAL_SHARES
        found = []
        for strand in STRANDS:
            totals = self.strands[strand]
            if not totals.total_cost:
                continue
            for key in FINANCING_KEYS:
                expected = money(Decimal(nominal.get(strand, {}).get(key, 0)))
                actual = totals.percent(key)
                if actual != expected:
                    found.append(Deviation(strand, key, expected, actual))
        return found


def sut(monthly_gross: Decimal, factor: Decimal = DEFAULT_SUT_FACTOR) -> Decimal:
    return money(monthly_gross * factor)


def compute(budget: BudgetInput) -> BudgetResult:
    personnel = []
    strands = {strand: Totals() for strand in STRANDS}
    for row in budget.personnel:
        rate = sut(row.monthly_gross, budget.sut_factor)
        cost = money(rate * row.hours)
        personnel.append(PersonnelResult(row=row, sut=rate, cost=cost))
        strands[row.strand].hours += row.hours
        strands[row.strand].personnel_cost += cost
    cofinanced = {strand: {key: ZERO for key in FINANCING_KEYS} for strand in STRANDS}
    for row in budget.cofinancing:
        key = "vdab" if row.source in (VDAB_STAFF, VDAB_BUDGET) else row.source
        cofinanced[row.strand][key] += row.amount
    project = Totals()
    for strand, totals in strands.items():
        totals.flat_rate = money(totals.personnel_cost * budget.flat_rate_percent / HUNDRED)
        totals.total_cost = totals.personnel_cost + totals.flat_rate
        financing = cofinanced[strand]
        financing["vcf"] = budget.vcf.get(strand, ZERO)
        others = financing["vcf"] + financing["local_government"] + financing["vdab"] + financing["other"]
        financing["esf"] = max(totals.total_cost - others, ZERO)
        totals.financing = {key: financing[key] for key in FINANCING_KEYS}
        project.add(totals)
    return BudgetResult(
        personnel=personnel, strands=strands, project=project,
        sut_factor=budget.sut_factor, flat_rate_percent=budget.flat_rate_percent,
    )


def combine(results: list[BudgetResult]) -> BudgetResult:
    """The total over several project years: sums, percentages recomputed."""
    strands = {strand: Totals() for strand in STRANDS}
    project = Totals()
    personnel = []
    for result in results:
        personnel.extend(result.personnel)
        for strand in STRANDS:
            strands[strand].add(result.strands[strand])
        project.add(result.project)
    return BudgetResult(personnel=personnel, strands=strands, project=project)


# --- Exchange format ----------------------------------------------------------

def fmt(value: Decimal) -> str:
    """Exactly two decimals, as a string."""
    return str(money(value))


def _totals_json(totals: Totals) -> dict:
    return {
        "hours": fmt(totals.hours),
        "personnel_cost": fmt(totals.personnel_cost),
        "flat_rate": fmt(totals.flat_rate),
        "total_cost": fmt(totals.total_cost),
        "financing": {
            key: {"amount": fmt(totals.financing[key]), "percent": fmt(totals.percent(key))}
            for key in FINANCING_KEYS
        },
        "control": fmt(totals.control),
    }


def result_to_json(result: BudgetResult, nominal: dict | None = None) -> dict:
    return {
        "personnel": [
            {
                "function": p.row.function, "strand": p.row.strand, "status": p.row.status,
                "sut": fmt(p.sut), "cost": fmt(p.cost), "hours": fmt(p.row.hours),
            }
            for p in result.personnel
        ],
        "strands": {strand: _totals_json(result.strands[strand]) for strand in STRANDS},
        "project": _totals_json(result.project),
        "warnings": [
            {"strand": d.strand, "share": d.key, "nominal": fmt(d.nominal), "actual": fmt(d.actual)}
            for d in result.deviations(nominal)
        ],
    }


def input_to_json(budget: BudgetInput) -> dict:
    """The exchange JSON of an input (what the form exports and imports)."""
    return {
        "sut_factor": str(budget.sut_factor),
        "flat_rate_percent": str(budget.flat_rate_percent),
        "personnel": [
            {
                "strand": r.strand, "status": r.status, "function": r.function,
                "monthly_gross": fmt(r.monthly_gross), "hours": str(r.hours), "activity": r.activity,
            }
            for r in budget.personnel
        ],
        "cofinancing": [
            {
                "strand": r.strand, "source": r.source, "person_bound": r.person_bound,
                "amount": fmt(r.amount), "description": r.description,
            }
            for r in budget.cofinancing
        ],
        "vcf": {strand: fmt(budget.vcf.get(strand, ZERO)) for strand in STRANDS},
    }
