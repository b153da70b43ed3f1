"""Choosing a time zone by country and city instead of ~600 raw IANA names."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from puente.accounts.timezones import TimeZoneField, city_name, time_zone_choices, time_zone_label
from puente.conftest import client_for


def _options(choices):
    for value, label in choices:
        if isinstance(label, list):
            yield from label
        else:
            yield value, label


def test_zones_are_grouped_by_country_with_utc_first():
    with translation.override("en"):
        choices = time_zone_choices()
    assert choices[0] == ("UTC", "UTC")
    groups = dict(c for c in choices[1:])
    assert ("America/Bogota", "Colombia — Bogotá") in groups["Colombia"]
    assert ("America/Argentina/Buenos_Aires", "Argentina — Buenos Aires") in groups["Argentina"]
    assert ("America/Mexico_City", "Mexico — Mexico City") in groups["Mexico"]
    countries = [label for label, _zones in choices[1:]]
    assert countries.index("Colombia") < countries.index("Peru") < countries.index("Spain")
    # The tz database's zones by country: about 420 instead of every alias (~600).
    assert 300 < len(list(_options(choices))) < 500


def test_country_and_city_names_follow_the_language():
    with translation.override("es"):
        assert time_zone_label("Europe/Madrid") == "España — Madrid"
        assert time_zone_label("America/Mexico_City") == "México — Ciudad de México"
        countries = [label for label, _zones in time_zone_choices()[1:]]
    # Sorted as read in Spanish, accents aside.
    assert countries.index("Perú") < countries.index("Polonia")


def test_city_names_keep_their_accents_and_regions():
    assert city_name("America/Sao_Paulo") == "São Paulo"
    assert city_name("America/Indiana/Knox") == "Knox (Indiana)"


class ZoneForm(forms.Form):
    time_zone = TimeZoneField()


def test_any_known_zone_is_accepted_and_an_unknown_one_refused():
    assert ZoneForm({"time_zone": "US/Eastern"}).is_valid()  # an alias, saved long ago
    assert ZoneForm({"time_zone": "America/Bogota"}).is_valid()
    assert not ZoneForm({"time_zone": "Mars/Olympus"}).is_valid()


def test_a_saved_zone_outside_the_list_is_offered_as_it_is():
    html = str(ZoneForm(initial={"time_zone": "US/Eastern"})["time_zone"])
    assert '<option value="US/Eastern" selected>US/Eastern</option>' in html
    assert html.count("selected") == 1


@pytest.mark.django_db
def test_the_profile_offers_the_picker_and_saves_the_zone(world):
    client = client_for(world.mentee)
    page = client.get(reverse("accounts:profile-edit")).text
    assert 'data-zone-search="' in page
    assert '<optgroup label="' in page
    assert 'value="Africa/Asmera"' not in page  # an alias: not listed
