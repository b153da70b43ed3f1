"""A results framework template for each indicator pack (``packs.PACKS``): the supplier
businesses of a development-finance program, reverse mentoring in a company, a tech community.

Each template is a tree of results (impact → outcomes → outputs → activities) and says which of
the pack's indicators (by question key and role) and which activity indicators (by computation)
measure each result. ``services.framework_from_template`` copies it into a program in the
coordinator's language; the coordinator then rewrites it as the program's own.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from puente.core.permissions import Role
from puente.monitoring.models import Indicator, ResultLevel

L = ResultLevel
C = Indicator.Computation


@dataclass(frozen=True)
class ResultSpec:
    level: str
    title: Promise
    # The pack indicators measuring it: (question key, role); activity ones by computation.
    measured_by: tuple[tuple[str, str], ...] = ()
    computations: tuple[str, ...] = ()
    children: tuple["ResultSpec", ...] = ()


MENTEE = Role.MENTEE

TEMPLATES: dict[str, ResultSpec] = {
    "suppliers": ResultSpec(
        L.IMPACT,
        _("Women-owned and small businesses grow by selling to corporate buyers"),
        measured_by=(
            ("sold_to_corporate", MENTEE),
            ("corporate_sales", MENTEE),
            ("monthly_sales", MENTEE),
        ),
        children=(
            ResultSpec(
                L.OUTCOME,
                _("Businesses meet corporate buyers' requirements"),
                measured_by=(("formally_registered", MENTEE), ("po_process", MENTEE)),
                children=(
                    ResultSpec(
                        L.OUTPUT,
                        _("Business owners complete their mentoring with a growth plan"),
                        computations=(C.MENTORING_HOURS,),
                        children=(
                            ResultSpec(
                                L.ACTIVITY,
                                _("One-to-one mentoring meetings"),
                                computations=(C.MEETINGS_HELD,),
                            ),
                            ResultSpec(
                                L.ACTIVITY,
                                _("Workshops and meetings with corporate buyers"),
                                computations=(C.EVENT_ATTENDANCE,),
                            ),
                        ),
                    ),
                ),
            ),
            ResultSpec(
                L.OUTCOME,
                _("Business owners are confident selling to corporate buyers"),
                measured_by=(("confidence", MENTEE),),
            ),
        ),
    ),
    "reverse": ResultSpec(
        L.IMPACT,
        _("Generations in the organization learn from each other"),
        children=(
            ResultSpec(
                L.OUTCOME,
                _("Young mentees gain the skills they came to learn"),
                measured_by=(("learning_skill", Role.MENTEE),),
            ),
            ResultSpec(
                L.OUTCOME,
                _("Executives gain the skills they came to learn"),
                measured_by=(("learning_skill", Role.MENTOR),),
                children=(
                    ResultSpec(
                        L.OUTPUT,
                        _("Pairs meet regularly in both directions"),
                        computations=(C.MENTORING_HOURS,),
                        children=(
                            ResultSpec(
                                L.ACTIVITY,
                                _("Reverse-mentoring sessions"),
                                computations=(C.MEETINGS_HELD,),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    "community": ResultSpec(
        L.IMPACT,
        _("People enter and grow in the field"),
        measured_by=(("job_or_promotion", MENTEE), ("mentors_others", MENTEE)),
        children=(
            ResultSpec(
                L.OUTCOME,
                _("Mentees are confident in their professional path"),
                measured_by=(("confidence", MENTEE),),
                children=(
                    ResultSpec(
                        L.OUTPUT,
                        _("Mentees receive regular mentoring"),
                        computations=(C.MENTORING_HOURS,),
                        children=(
                            ResultSpec(
                                L.ACTIVITY,
                                _("Mentoring sessions"),
                                computations=(C.MEETINGS_HELD,),
                            ),
                            ResultSpec(
                                L.ACTIVITY,
                                _("Community events"),
                                computations=(C.EVENT_ATTENDANCE,),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
}


def walk(spec: ResultSpec) -> list[ResultSpec]:
    return [spec, *(item for child in spec.children for item in walk(child))]


def shipped_titles() -> list[Promise]:
    return [item.title for spec in TEMPLATES.values() for item in walk(spec)]
