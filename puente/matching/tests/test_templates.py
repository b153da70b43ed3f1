"""The shipped application templates ask what the default matching criteria weigh: a criterion
with a default weight never has "no data" for everyone because the form did not ask."""

import pytest

from puente.instruments import catalog
from puente.matching.models import CriterionKey
from puente.matching.selectors import (
    ANSWERS_READ,
    DEFAULT_WEIGHTS,
    REVERSE_EXPERIENCE_READ,
    REVERSE_WEIGHTS,
)

# (mentee form, mentor form, reverse or peer format): the templates a program of each format uses.
PROGRAMS = [
    ("mentee-application", "mentor-application", False),
    ("business-application", "mentor-application", False),
    ("reverse-application", "reverse-application", True),
]


@pytest.mark.parametrize(("mentee_form", "mentor_form", "reverse"), PROGRAMS)
def test_the_shipped_forms_ask_what_the_default_criteria_weigh(mentee_form, mentor_form, reverse):
    asked_e = {q["key"] for q in catalog.get(mentee_form).questions}
    asked_r = {q["key"] for q in catalog.get(mentor_form).questions}
    weights = REVERSE_WEIGHTS if reverse else DEFAULT_WEIGHTS
    missing = []
    for criterion, weight in weights.items():
        reads = ANSWERS_READ.get(criterion)
        if criterion == CriterionKey.EXPERIENCE and reverse:
            reads = REVERSE_EXPERIENCE_READ
        if not weight or reads is None:
            continue  # read from the profile, or not weighed
        keys_e, keys_r = reads
        if not asked_e & set(keys_e):
            missing.append(f"{mentee_form} asks nothing for {criterion}")
        if not asked_r & set(keys_r):
            missing.append(f"{mentor_form} asks nothing for {criterion}")
    assert missing == []
