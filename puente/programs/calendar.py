"""A program's calendar: the country whose public holidays it keeps, the weekdays people meet on,
and the breaks its coordinators declare. ``WorkCalendar`` is plain data with no database access,
so the layout of session plans (``mentoring.layout``) stays a pure function of it.

Weekdays are ISO numbers (1 = Monday … 7 = Sunday), stored as a string of digits ("12345").
"""

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

WEEKDAYS: list[tuple[str, StrOrPromise]] = [
    ("1", _("Monday")),
    ("2", _("Tuesday")),
    ("3", _("Wednesday")),
    ("4", _("Thursday")),
    ("5", _("Friday")),
    ("6", _("Saturday")),
    ("7", _("Sunday")),
]
# The same names inside a sentence ("Meetings are laid out on Monday, Tuesday…"): Spanish writes
# them in lower case there.
WEEKDAYS_IN_A_SENTENCE: dict[str, StrOrPromise] = {
    "1": pgettext_lazy("in a sentence", "Monday"),
    "2": pgettext_lazy("in a sentence", "Tuesday"),
    "3": pgettext_lazy("in a sentence", "Wednesday"),
    "4": pgettext_lazy("in a sentence", "Thursday"),
    "5": pgettext_lazy("in a sentence", "Friday"),
    "6": pgettext_lazy("in a sentence", "Saturday"),
    "7": pgettext_lazy("in a sentence", "Sunday"),
}
MONDAY_TO_FRIDAY = "12345"
EVERY_DAY = "1234567"

# The countries a program may keep the public holidays of: those of the people Puente serves
# (Ibero-America) and a few more, each one the `holidays` package knows. Names are translated;
# `country_choices` sorts them in the reader's language.
COUNTRIES: dict[str, StrOrPromise] = {
    "AR": _("Argentina"),
    "BO": _("Bolivia"),
    "BR": _("Brazil"),
    "CA": _("Canada"),
    "CL": _("Chile"),
    "CO": _("Colombia"),
    "CR": _("Costa Rica"),
    "CU": _("Cuba"),
    "DE": _("Germany"),
    "DO": _("Dominican Republic"),
    "EC": _("Ecuador"),
    "ES": _("Spain"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "GT": _("Guatemala"),
    "HN": _("Honduras"),
    "IT": _("Italy"),
    "MX": _("Mexico"),
    "NI": _("Nicaragua"),
    "PA": _("Panama"),
    "PE": _("Peru"),
    "PR": _("Puerto Rico"),
    "PT": _("Portugal"),
    "PY": _("Paraguay"),
    "SV": _("El Salvador"),
    "US": _("United States"),
    "UY": _("Uruguay"),
    "VE": _("Venezuela"),
}
# Other ways people write a country in a free-text field (already without accents, lower case).
ALIASES = {"eeuu": "US", "usa": "US", "estados unidos de america": "US", "uk": "GB"}


def _plain(text: str) -> str:
    """Lower case, without accents, dots or surrounding spaces: "  Panamá " → "panama"."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.replace(".", "").casefold().split())


def country_choices() -> list[tuple[str, str]]:
    """The countries as (code, name), sorted by name in the current language."""
    named = [(code, str(name)) for code, name in COUNTRIES.items()]
    return sorted(named, key=lambda choice: _plain(choice[1]))


def country_name(code: str) -> str:
    return str(COUNTRIES.get(code, code))


def country_code(text: str) -> str:
    """The ISO code of a country written freely ("Colombia", "Panamá", "México", "Spain", "CO",
    "EE. UU."): its code, its name in Spanish or English (accents, case and dots ignored) or a
    known alias; "" when nothing matches."""
    wanted = _plain(text or "")
    if not wanted:
        return ""
    if wanted.upper() in COUNTRIES:
        return wanted.upper()
    for alias in (wanted, wanted.replace(" ", "")):
        if alias in ALIASES:
            return ALIASES[alias]
    for language in ("es", "en"):
        with translation.override(language):
            for code, name in COUNTRIES.items():
                if _plain(str(name)) == wanted:
                    return code
    return ""


def validate_working_days(value: str) -> None:
    """At least one weekday, each an ISO digit from 1 to 7, once, in order."""
    in_order = "".join(sorted(set(value or "")))
    if not value or value != in_order or any(day not in EVERY_DAY for day in value):
        raise ValidationError(_("Choose at least one weekday."), code="working_days")


def weekday_in_a_sentence(day: dt.date) -> str:
    """The weekday of ``day`` as written inside a sentence ("viernes" in Spanish)."""
    return str(WEEKDAYS_IN_A_SENTENCE[str(day.isoweekday())])


def weekday_names(days: str) -> str:
    """ "12345" → "Monday to Friday", "135" → "Monday, Wednesday, Friday", in the current
    language, as written inside a sentence."""
    names = [str(WEEKDAYS_IN_A_SENTENCE[day]) for day in days if day in WEEKDAYS_IN_A_SENTENCE]
    if len(days) >= 3 and days in EVERY_DAY:
        # Translators: a run of weekdays, such as "Monday to Friday".
        return _("%(first)s to %(last)s") % {"first": names[0], "last": names[-1]}
    return ", ".join(names)


@lru_cache(maxsize=256)
def _holiday_names(country: str, year: int, language: str) -> dict[dt.date, str]:
    supported = holidays.country_holidays(country).supported_languages
    chosen = next((code for code in supported if code.split("_")[0] == language), None)
    found = holidays.country_holidays(country, years=year, language=chosen)
    return {day: str(name) for day, name in found.items()}


def public_holidays(country: str, year: int) -> dict[dt.date, str]:
    """The public holidays of ``country`` in ``year``, named in the current language when the
    `holidays` package has it (else in the country's own)."""
    if not country:
        return {}
    return _holiday_names(country, year, (translation.get_language() or "es").split("-")[0])


@dataclass(frozen=True)
class ClosedSpan:
    """Days nobody meets, both ends included: a break the coordinator declared."""

    starts_on: dt.date
    ends_on: dt.date
    name: str = ""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class WorkCalendar:
    """When people of a program meet: its working weekdays (ISO digits), the public holidays of
    its country, and its breaks. The default is every day, with no holidays or breaks."""

    working_days: str = EVERY_DAY
    country: str = ""
    breaks: tuple[ClosedSpan, ...] = field(default=())

    def closed_because(self, day: dt.date) -> str:
        """Why nobody meets on ``day`` ("" when it is open): the break, the public holiday or the
        weekday that is not a working day."""
        for span in self.breaks:
            if day in span:
                return span.name or str(_("a break"))
        holiday = public_holidays(self.country, day.year).get(day)
        if holiday:
            return holiday
        if str(day.isoweekday()) not in self.working_days:
            return str(_("not a working day"))
        return ""

    def is_open(self, day: dt.date) -> bool:
        if str(day.isoweekday()) not in self.working_days:
            return False
        if any(day in span for span in self.breaks):
            return False
        return not (self.country and day in _holiday_dates(self.country, day.year))


@lru_cache(maxsize=256)
def _holiday_dates(country: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(country, years=year))
