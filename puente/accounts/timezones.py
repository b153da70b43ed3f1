"""Choosing a time zone by country and city ("Colombia — Bogotá"), not from the ~600 raw IANA
names: one field for every form that asks for a time zone (the profile, moving a meeting, an
event).

The list is the tz database's own table of zones by country (``zone.tab``, shipped by the
``tzdata`` package): about 420 zones in 247 countries, grouped by country and sorted in the
reader's language, with UTC first. Any valid IANA name is still accepted (the API, or a zone
saved before, such as ``US/Eastern``), and a saved zone that is not in the list is offered as it
is, so saving a form never changes it by accident.

Without JavaScript it is a ``<select>`` whose options start with the country, so typing its
first letters jumps to it. ``puente.js`` adds a search box above it that narrows the list to
the countries and cities matching what is typed (accents ignored).
"""

import functools
import importlib.resources
import unicodedata
import zoneinfo
from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from puente.accounts.countries import COUNTRIES

UTC = "UTC"

# Cities whose tz names lost their accents; their names are the same in English and Spanish.
LOCAL_SPELLING = {
    "Araguaina": "Araguaína",
    "Asuncion": "Asunción",
    "Belem": "Belém",
    "Bogota": "Bogotá",
    "Cancun": "Cancún",
    "Ciudad_Juarez": "Ciudad Juárez",
    "Cordoba": "Córdoba",
    "Cuiaba": "Cuiabá",
    "Eirunepe": "Eirunepé",
    "Galapagos": "Galápagos",
    "Maceio": "Maceió",
    "Mazatlan": "Mazatlán",
    "Merida": "Mérida",
    "Panama": "Panamá",
    "Santarem": "Santarém",
    "Sao_Paulo": "São Paulo",
    "Tucuman": "Tucumán",
}


def _translated_cities() -> dict[str, str]:
    return {
        "Mexico_City": _("Mexico City"),
        "Havana": _("Havana"),
    }


def _zone_table() -> list[tuple[str, str]]:
    """(country code, zone) for every zone of ``zone.tab``; the system's copy if the package's
    is missing; empty if neither is found (then the zones are listed by their names)."""
    text = ""
    try:
        text = importlib.resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text()
    except (ModuleNotFoundError, FileNotFoundError):
        system = Path("/usr/share/zoneinfo/zone.tab")
        text = system.read_text() if system.exists() else ""
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 3:
                rows.append((parts[0], parts[2]))
    return rows


@functools.cache
def _zones_by_country() -> tuple[tuple[str, str], ...]:
    known = zoneinfo.available_timezones()
    return tuple((code, zone) for code, zone in _zone_table() if zone in known)


def city_name(zone: str) -> str:
    """The city of a zone, as people write it: ``America/Argentina/Buenos_Aires`` is "Buenos
    Aires", ``America/Indiana/Knox`` "Knox (Indiana)"."""
    parts = zone.split("/")
    city = _translated_cities().get(parts[-1]) or LOCAL_SPELLING.get(parts[-1], parts[-1])
    city = city.replace("_", " ")
    if len(parts) > 2 and parts[1] != "Argentina":
        city = f"{city} ({parts[1].replace('_', ' ')})"
    return city


def _sort_key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


@functools.lru_cache(maxsize=8)
def _grouped(language: str) -> tuple[Any, ...]:
    groups: dict[str, list[tuple[str, str]]] = {}
    names: dict[str, str] = {}
    for code, zone in _zones_by_country():
        country = str(COUNTRIES.get(code, code))
        names[code] = country
        groups.setdefault(code, []).append((zone, f"{country} — {city_name(zone)}"))
    if not groups:  # no table found: the zones by their own names
        return ((UTC, UTC), *((z, z) for z in sorted(zoneinfo.available_timezones()) if "/" in z))
    ordered = sorted(groups, key=lambda code: _sort_key(names[code]))
    return (
        (UTC, UTC),
        *(
            (names[code], sorted(groups[code], key=lambda choice: _sort_key(choice[1])))
            for code in ordered
        ),
    )


def time_zone_choices() -> list[Any]:
    """``[("UTC", "UTC"), ("Colombia", [("America/Bogota", "Colombia — Bogotá")]), ...]`` in the
    current language."""
    return list(_grouped(get_language() or "es"))


def time_zone_label(zone: str) -> str:
    """ "Colombia — Bogotá" for ``America/Bogota``; the name itself for a zone not in the list."""
    for choice in _grouped(get_language() or "es"):
        if isinstance(choice[1], list):
            for value, label in choice[1]:
                if value == zone:
                    return str(label)
        elif choice[0] == zone:
            return str(choice[1])
    return zone


class TimeZoneSelect(forms.Select):
    """The zones grouped by country; a saved zone that is not in the list is offered first, as
    it is. ``data-zone-search`` asks ``puente.js`` for the search box (its label and messages
    come from here, translated)."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {
            **(attrs or {}),
            "data-zone-search": _("Search by country or city"),
            "data-zone-found": _("Time zones found:"),
            "data-zone-none": _("No time zone matches; every time zone is listed."),
        }
        return super().get_context(name, value, attrs)

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        groups = super().optgroups(name, value, attrs)
        current = [v for v in value if v] if value else []
        listed = {str(v) for _choice, value_label in self.choices for v in _values(value_label)}
        listed.update(str(c[0]) for c in self.choices if not isinstance(c[1], list | tuple))
        extra = [v for v in current if v not in listed]
        if extra:
            option = self.create_option(name, extra[0], extra[0], True, 0, attrs=attrs)
            groups.insert(0, (None, [option], 0))
        return groups


def _values(choice: Any) -> list[Any]:
    if isinstance(choice, list | tuple):
        return [value for value, _label in choice]
    return []


class TimeZoneField(forms.ChoiceField):
    """A time zone chosen by country and city; any valid IANA name is accepted."""

    widget = TimeZoneSelect

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Time zone"))
        kwargs.setdefault(
            "help_text",
            gettext_lazy("Choose your country, then your city (or the nearest one listed)."),
        )
        super().__init__(choices=time_zone_choices, **kwargs)

    def valid_value(self, value: Any) -> bool:
        return value in zoneinfo.available_timezones()
