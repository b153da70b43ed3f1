"""The one number formatter: grouping, whole numbers as whole, units on changes, the language's
decimal mark; and the short days on chart axes."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from puente.core.numbers import (
    change_unit,
    format_change,
    format_hours,
    format_number,
    format_percent,
)

NBSP = "\u00a0"


@pytest.fixture
def spanish():
    with translation.override("es"):
        yield


def test_thousands_are_grouped_in_both_languages(spanish):
    assert format_number(2500000.5) == f"2{NBSP}500{NBSP}000,5"
    with translation.override("en"):
        assert format_number(2500000.5) == "2,500,000.5"


@pytest.mark.parametrize("value", [18, 18.0, Decimal("18.00"), Decimal("1.8E+1"), "18"])
def test_whole_numbers_are_written_without_decimals(spanish, value):
    assert format_number(value) == "18"


def test_decimals_are_rounded_half_up_and_trailing_zeros_dropped(spanish):
    assert format_number(4.05) == "4,05"
    assert format_number(Decimal("4.50")) == "4,5"
    assert format_number(2.675, 2) == "2,68"
    assert format_number(3.25, 1) == "3,3"
    assert format_number(Decimal("85"), 2, fixed=True) == "85,00"


def test_negative_numbers_have_a_minus_sign_and_no_value_a_dash(spanish):
    assert format_number(-1234.5) == f"\u22121{NBSP}234,5"
    assert format_number(None) == "—"
    assert format_number(float("nan")) == "—"
    assert format_number("not a number") == "—"


def test_changes_carry_their_sign_and_unit(spanish):
    assert format_change(3.5, "pp") == f"+3,5{NBSP}p.{NBSP}p."
    assert format_change(-2, "h") == f"\u22122{NBSP}h"
    assert format_change(0, "pp") == f"0{NBSP}p.{NBSP}p."
    with translation.override("en"):
        assert format_change(3.5, "pp") == f"+3.5{NBSP}pp"
        assert format_change(Decimal("12.0")) == "+12"


def test_a_change_of_a_percentage_is_in_percentage_points():
    assert change_unit("%") == "pp"
    assert change_unit("COP") == "COP"


def test_percent_and_hours_in_each_language(spanish):
    assert format_percent(45.0) == f"45{NBSP}%"
    assert format_hours(2.0) == f"2{NBSP}h"
    assert format_hours(Decimal("1.5")) == f"1,5{NBSP}h"
    with translation.override("en"):
        assert format_percent(45.25) == "45.3%"


def test_template_filters_use_the_same_formatter(spanish):
    template = Template(
        '{% load numbers %}{{ a|number }}|{{ b|number:1 }}|{{ c|number:"2f" }}|{{ d|change:"%" }}'
        '|{{ e|number|unit:"%" }}|{{ none|number }}|{{ none|number|unit:"%" }}'
    )
    text = template.render(
        Context({"a": 170.0, "b": 2.25, "c": 85, "d": 1.5, "e": 45, "none": None})
    )
    assert text == f"170|2,3|85,00|+1,5{NBSP}p.{NBSP}p.|45{NBSP}%|—|—"
