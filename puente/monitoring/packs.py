"""Indicator packs: the indicators each kind of program ships with, created in one click with the
baseline survey whose questions they read, so that a funder sees the program's indicators (and
why their figures do not show yet) from the first day of a pilot.

A pack's survey is a shipped template (``puente.instruments.catalog``) that asks exactly the
questions its indicators read, under the same keys, plus an optional comment; its midline and
endline templates ask the same. Targets are left empty: the coordinator fills them in.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from puente.core.permissions import Role
from puente.instruments import catalog
from puente.monitoring.models import Indicator
from puente.programs.models import FocusArea, Program

C = Indicator.Computation
L = Indicator.Level


@dataclass(frozen=True)
class PackIndicator:
    name: Promise
    definition: Promise
    unit: Promise
    level: str
    computation: str
    question_key: str
    role: str = Role.MENTEE


@dataclass(frozen=True)
class Pack:
    key: str
    label: Promise
    description: Promise
    # The catalog's key prefix of the pack's baseline, midline and endline surveys.
    survey_prefix: str
    indicators: tuple[PackIndicator, ...]

    @property
    def survey_key(self) -> str:
        return catalog.survey_key(self.survey_prefix, "baseline")

    @property
    def roles(self) -> list[str]:
        """The roles the pack's rounds ask: those its indicators count."""
        counted = {indicator.role for indicator in self.indicators}
        return [role for role in _ROLE_ORDER if role in counted]

    @property
    def question_keys(self) -> set[str]:
        return {indicator.question_key for indicator in self.indicators}


_ROLE_ORDER: list[str] = [Role.MENTEE, Role.MENTOR, Role.TUTOR]
PERCENT = _("%")

PACKS: tuple[Pack, ...] = (
    Pack(
        key="suppliers",
        label=_("Supplier businesses"),
        description=_(
            "Businesses mentored to sell to corporate buyers (a supplier-development program)."
        ),
        survey_prefix="",
        indicators=(
            PackIndicator(
                name=_("Businesses selling to a corporate buyer"),
                definition=_(
                    "Share of the businesses that sold to a corporate buyer in the last six months."
                ),
                unit=PERCENT,
                level=L.IMPACT,
                computation=C.ANSWER_SHARE_YES,
                question_key="sold_to_corporate",
            ),
            PackIndicator(
                name=_("Sales to corporate buyers per business"),
                definition=_(
                    "Mean of each business's sales to corporate buyers in the last six months "
                    "(0 for those that sold to none)."
                ),
                unit=_("USD"),
                level=L.IMPACT,
                computation=C.ANSWER_MEAN,
                question_key="corporate_sales",
            ),
            PackIndicator(
                name=_("Formally registered businesses"),
                definition=_("Share of the businesses that are formally registered."),
                unit=PERCENT,
                level=L.OUTCOME,
                computation=C.ANSWER_SHARE_YES,
                question_key="formally_registered",
            ),
            PackIndicator(
                name=_("Confidence selling to corporate buyers"),
                definition=_("Mean of the businesses' own rating, from 1 (none) to 5 (a lot)."),
                unit=_("out of 5"),
                level=L.OUTCOME,
                computation=C.ANSWER_MEAN,
                question_key="confidence",
            ),
            PackIndicator(
                name=_("Businesses with a formal purchase-order process"),
                definition=_(
                    "Share of the businesses that receive and handle formal purchase orders."
                ),
                unit=PERCENT,
                level=L.OUTCOME,
                computation=C.ANSWER_SHARE_YES,
                question_key="po_process",
            ),
            PackIndicator(
                name=_("Monthly sales per business"),
                definition=_("Mean of the sales of the last month the businesses report."),
                unit=_("USD"),
                level=L.IMPACT,
                computation=C.ANSWER_MEAN,
                question_key="monthly_sales",
            ),
        ),
    ),
    Pack(
        key="reverse",
        label=_("Reverse mentoring"),
        description=_(
            "Two sides who teach each other (young people and executives, say): each rates "
            "what they came to learn."
        ),
        survey_prefix="reverse-",
        indicators=(
            PackIndicator(
                name=_("Self-rated skill in what they came to learn: mentees"),
                definition=_(
                    "Mean of the mentees' own rating of what they came to learn, from 1 (hardly "
                    "at all) to 5 (they master it)."
                ),
                unit=_("out of 5"),
                level=L.OUTCOME,
                computation=C.ANSWER_MEAN,
                question_key="learning_skill",
                role=Role.MENTEE,
            ),
            PackIndicator(
                name=_("Self-rated skill in what they came to learn: mentors"),
                definition=_(
                    "Mean of the mentors' own rating of what they came to learn from their "
                    "mentees, from 1 (hardly at all) to 5 (they master it)."
                ),
                unit=_("out of 5"),
                level=L.OUTCOME,
                computation=C.ANSWER_MEAN,
                question_key="learning_skill",
                role=Role.MENTOR,
            ),
        ),
    ),
    Pack(
        key="community",
        label=_("Community"),
        description=_(
            "People growing in a field with mentors from their community (entering the "
            "industry, leading teams)."
        ),
        survey_prefix="community-",
        indicators=(
            PackIndicator(
                name=_("Confidence in one's professional path"),
                definition=_("Mean of the mentees' own rating, from 1 (none) to 5 (a lot)."),
                unit=_("out of 5"),
                level=L.OUTCOME,
                computation=C.ANSWER_MEAN,
                question_key="confidence",
            ),
            PackIndicator(
                name=_("First job or promotion"),
                definition=_(
                    "Share of the mentees who got their first job in the field or a promotion "
                    "in the last six months."
                ),
                unit=PERCENT,
                level=L.IMPACT,
                computation=C.ANSWER_SHARE_YES,
                question_key="job_or_promotion",
            ),
            PackIndicator(
                name=_("Mentees who became mentors"),
                definition=_("Share of the mentees who mentor someone else."),
                unit=PERCENT,
                level=L.IMPACT,
                computation=C.ANSWER_SHARE_YES,
                question_key="mentors_others",
            ),
        ),
    ),
)
BY_KEY = {pack.key: pack for pack in PACKS}


def get(key: str) -> Pack:
    return BY_KEY[key]


def suggested(program: Program) -> Pack:
    """The pack a program most likely wants, preselected for the coordinator (who may choose
    another): its format for reverse and peer mentoring; otherwise suppliers when the program
    develops businesses (business focus areas), else community."""
    if program.format == Program.Format.REVERSE:
        return BY_KEY["reverse"]
    if program.format == Program.Format.PEER:
        return BY_KEY["community"]
    if program.focus_areas.filter(kind=FocusArea.Kind.BUSINESS).exists():
        return BY_KEY["suppliers"]
    return BY_KEY["community"]


@functools.cache
def _shipped_texts() -> dict[str, Promise]:
    """Every text the packs write into an indicator (name, definition, unit) or a result, in
    every language Puente speaks, to the translatable text it came from."""
    from puente.monitoring import framework_templates

    texts: dict[str, Promise] = {}
    promises = [
        promise
        for pack in PACKS
        for spec in pack.indicators
        for promise in (spec.name, spec.definition, spec.unit)
    ]
    # The results of the framework templates too.
    promises += framework_templates.shipped_titles()
    for promise in promises:
        for language, _label in settings.LANGUAGES:
            with translation.override(language):
                texts.setdefault(str(promise), promise)
    return texts


def shown(text: str) -> str:
    """``text`` in the current language if a pack wrote it (in any language) and it was not
    changed since; else as it was written."""
    promise = _shipped_texts().get(text) if text else None
    return str(promise) if promise is not None else text
