"""The business definitions funders use, written once as database expressions.

``BusinessProfile`` stores what a business says of itself (the share of it women own, whether a
woman is in its senior management, the share of women in its management and on its board,
employees, annual sales and total assets); the classifications below are computed from those
fields by the database as generated columns, so that pages, indicators (their disaggregations),
exports and the IATI file read the same answer and can group by it in SQL. A classification is
``None`` (unknown) whenever a field it needs is missing: Puente never guesses "no".

Shares are percentages from 0 to 100; money is in US dollars (the currency the definitions use).

**IFC women-owned** (IFC, *Women-owned SMEs: a business case for financial institutions*,
2014, and the IFC/We-Fi definition of a women-owned SME): a business is women-owned when

- (a) at least 51 % of it is owned by one or more women; or
- (b) at least 20 % of it is owned by one or more women, **and** at least one woman is its CEO
  or COO (president or vice-president), **and** at least 30 % of its board are women where a
  board exists.

**IWA 34 women-owned** (ISO, IWA 34:2021 *Women's entrepreneurship — Key definitions and general
criteria*, 3.2): more than 50 % owned by one or more women, whose management and control lie
with one or more women (a woman signs its legal documents and accounts, and it is operated
independently of businesses not owned by women).

**IWA 34 women-led** (IWA 34:2021, 3.3): at least 25 % owned by one or more women, with one or
more women in senior management (CEO, COO, president, vice-president) or at least 51 % of its
management positions held by women, and, where a board exists, at least 30 % of its board women.

**MSME size band** (IFC's MSME definition, *IFC's definitions of targeted sectors*): a business
is in a band when it meets at least two of its three criteria:

=========  ====================  ==========================  ==========================
band       employees             total assets (USD)          annual sales (USD)
=========  ====================  ==========================  ==========================
micro      fewer than 10         under 100,000               under 100,000
small      10 to 49              100,000 to under 3 million  100,000 to under 3 million
medium     50 to 300             3 million to 15 million     3 million to 15 million
large      more than 300         more than 15 million        more than 15 million
=========  ====================  ==========================  ==========================

With two of the three criteria known, both must agree; when no band gets two criteria (the
three criteria in three bands, or two known criteria that disagree) the band is unknown.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Case, Q, Value, When

# Where a threshold changes, so that tests and documents read the same numbers.
IFC_MAJORITY = Decimal(51)
IFC_MINORITY = Decimal(20)
BOARD_WOMEN = Decimal(30)
IWA_OWNED = Decimal(50)  # more than
IWA_LED_OWNED = Decimal(25)
IWA_LED_MANAGEMENT = Decimal(51)

MICRO_EMPLOYEES = 10
SMALL_EMPLOYEES = 50
MEDIUM_EMPLOYEES = 300
MICRO_MONEY = Decimal(100_000)
SMALL_MONEY = Decimal(3_000_000)
MEDIUM_MONEY = Decimal(15_000_000)

YES = Value(True)
NO = Value(False)
UNKNOWN = Value(None, output_field=models.BooleanField(null=True))


def _board_ok() -> Q:
    """No board, or a board at least 30 % women."""
    return Q(has_board=False) | Q(women_board_share__gte=BOARD_WOMEN)


def _board_fails() -> Q:
    return Q(has_board=True, women_board_share__lt=BOARD_WOMEN)


def ifc_women_owned() -> Case:
    share = "women_ownership_share"
    return Case(
        When(Q(**{f"{share}__gte": IFC_MAJORITY}), then=YES),
        When(Q(**{f"{share}__lt": IFC_MINORITY}), then=NO),
        When(Q(**{f"{share}__isnull": True}), then=UNKNOWN),
        When(Q(woman_in_senior_management=False), then=NO),
        When(_board_fails(), then=NO),
        When(Q(woman_in_senior_management=True) & _board_ok(), then=YES),
        default=UNKNOWN,
        output_field=models.BooleanField(null=True),
    )


def iwa_women_owned() -> Case:
    share = "women_ownership_share"
    return Case(
        When(Q(**{f"{share}__lte": IWA_OWNED}), then=NO),
        When(Q(controlled_by_women=False), then=NO),
        When(Q(**{f"{share}__gt": IWA_OWNED}, controlled_by_women=True), then=YES),
        default=UNKNOWN,
        output_field=models.BooleanField(null=True),
    )


def iwa_women_led() -> Case:
    share = "women_ownership_share"
    senior = Q(woman_in_senior_management=True) | Q(women_management_share__gte=IWA_LED_MANAGEMENT)
    not_senior = Q(woman_in_senior_management=False, women_management_share__lt=IWA_LED_MANAGEMENT)
    return Case(
        When(Q(**{f"{share}__lt": IWA_LED_OWNED}), then=NO),
        When(Q(**{f"{share}__isnull": True}), then=UNKNOWN),
        When(not_senior, then=NO),
        When(_board_fails(), then=NO),
        When(senior & _board_ok(), then=YES),
        default=UNKNOWN,
        output_field=models.BooleanField(null=True),
    )


def _bands(field: str, micro: object, small: object, medium: object) -> dict[str, Q]:
    """Each band's condition on one criterion (a missing value meets none)."""
    return {
        "micro": Q(**{f"{field}__lt": micro}),
        "small": Q(**{f"{field}__gte": micro, f"{field}__lt": small}),
        "medium": Q(**{f"{field}__gte": small, f"{field}__lte": medium}),
        "large": Q(**{f"{field}__gt": medium}),
    }


def msme_band() -> Case:
    employees = _bands("employees", MICRO_EMPLOYEES, SMALL_EMPLOYEES, MEDIUM_EMPLOYEES)
    assets = _bands("total_assets", MICRO_MONEY, SMALL_MONEY, MEDIUM_MONEY)
    sales = _bands("annual_sales", MICRO_MONEY, SMALL_MONEY, MEDIUM_MONEY)
    whens = []
    for band in ("micro", "small", "medium", "large"):
        e, a, s = employees[band], assets[band], sales[band]
        whens.append(When((e & a) | (e & s) | (a & s), then=Value(band)))
    return Case(*whens, default=Value(""), output_field=models.CharField(max_length=8))
