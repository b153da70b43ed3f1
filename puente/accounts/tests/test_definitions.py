"""The funders' business definitions (``puente.accounts.definitions``), computed by the database:
each threshold on both sides, and unknown (None) whenever a field it needs is missing."""

from decimal import Decimal as D

import pytest
from django.db.models import Count

from puente.accounts.models import BusinessProfile
from puente.factories import BusinessProfileFactory

pytestmark = pytest.mark.django_db


def business(**fields: object) -> BusinessProfile:
    made = BusinessProfileFactory(**fields)
    made.refresh_from_db()
    return made


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"women_ownership_share": D(51)}, True),  # (a): majority, nothing else asked
        ({"women_ownership_share": D("50.99"), "woman_in_senior_management": False}, False),
        ({"women_ownership_share": D("19.99"), "woman_in_senior_management": True}, False),
        (
            {
                "women_ownership_share": D(20),
                "woman_in_senior_management": True,
                "has_board": False,
            },
            True,
        ),
        (
            {
                "women_ownership_share": D(20),
                "woman_in_senior_management": True,
                "has_board": True,
                "women_board_share": D(30),
            },
            True,
        ),
        (
            {
                "women_ownership_share": D(40),
                "woman_in_senior_management": True,
                "has_board": True,
                "women_board_share": D("29.99"),
            },
            False,
        ),
        # A board whose composition is not given, or not saying whether there is a board.
        (
            {"women_ownership_share": D(40), "woman_in_senior_management": True, "has_board": True},
            None,
        ),
        ({"women_ownership_share": D(40), "woman_in_senior_management": True}, None),
        ({"women_ownership_share": D(40), "has_board": False}, None),
        ({"woman_in_senior_management": True, "has_board": False}, None),
        ({}, None),
    ],
)
def test_ifc_women_owned(fields, expected):
    assert business(**fields).ifc_women_owned is expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"women_ownership_share": D("50.01"), "controlled_by_women": True}, True),
        ({"women_ownership_share": D(50), "controlled_by_women": True}, False),  # more than half
        ({"women_ownership_share": D(100), "controlled_by_women": False}, False),
        ({"women_ownership_share": D(100)}, None),
        ({"controlled_by_women": True}, None),
        ({"controlled_by_women": False}, False),
    ],
)
def test_iwa_women_owned(fields, expected):
    assert business(**fields).iwa_women_owned is expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {
                "women_ownership_share": D(25),
                "woman_in_senior_management": True,
                "has_board": False,
            },
            True,
        ),
        (
            {
                "women_ownership_share": D("24.99"),
                "woman_in_senior_management": True,
                "has_board": False,
            },
            False,
        ),
        # A woman in senior management, or 51 % of management positions held by women.
        (
            {
                "women_ownership_share": D(30),
                "woman_in_senior_management": False,
                "women_management_share": D(51),
                "has_board": False,
            },
            True,
        ),
        (
            {
                "women_ownership_share": D(30),
                "woman_in_senior_management": False,
                "women_management_share": D(50),
                "has_board": False,
            },
            False,
        ),
        (
            {
                "women_ownership_share": D(30),
                "woman_in_senior_management": True,
                "has_board": True,
                "women_board_share": D(20),
            },
            False,
        ),
        (
            {
                "women_ownership_share": D(30),
                "woman_in_senior_management": True,
                "has_board": True,
                "women_board_share": D(30),
            },
            True,
        ),
        ({"women_ownership_share": D(30), "woman_in_senior_management": False}, None),
        ({"women_ownership_share": D(30), "woman_in_senior_management": True}, None),
        ({"woman_in_senior_management": True, "has_board": False}, None),
    ],
)
def test_iwa_women_led(fields, expected):
    assert business(**fields).iwa_women_led is expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"employees": 9, "annual_sales": D("99999.99")}, "micro"),
        ({"employees": 10, "annual_sales": D(100_000)}, "small"),
        ({"employees": 49, "annual_sales": D("2999999.99")}, "small"),
        ({"employees": 50, "annual_sales": D(3_000_000)}, "medium"),
        ({"employees": 300, "annual_sales": D(15_000_000)}, "medium"),
        ({"employees": 301, "annual_sales": D("15000000.01")}, "large"),
        # Two known criteria that disagree: the third (assets) decides; without it, unknown.
        ({"employees": 9, "annual_sales": D(200_000)}, ""),
        ({"employees": 9, "annual_sales": D(200_000), "total_assets": D(50_000)}, "micro"),
        ({"employees": 9, "annual_sales": D(200_000), "total_assets": D(150_000)}, "small"),
        # Three criteria in three bands: no band meets two.
        ({"employees": 5, "annual_sales": D(500_000), "total_assets": D(5_000_000)}, ""),
        ({"employees": 5}, ""),
        ({"employees": 0, "total_assets": D(0)}, "micro"),
    ],
)
def test_msme_band(fields, expected):
    assert business(**fields).msme_band == expected


def test_the_definitions_group_in_sql():
    business(women_ownership_share=D(60))
    business(women_ownership_share=D(10))
    business(women_ownership_share=D(70))
    counts = dict(BusinessProfile.objects.values_list("ifc_women_owned").annotate(n=Count("pk")))
    assert counts == {True: 2, False: 1}
