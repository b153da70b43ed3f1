"""Mentoring's part of starting the next wave (``core.hooks.wave_cloned``): the wave's session
plan (the events app copies the wave's events), never the people. The wave's breaks are not
copied: they are dates of one year (Holy Week 2027), not a rule."""

from django.utils.translation import gettext as _

from puente.core.hooks import WaveCopy
from puente.mentoring.models import SessionPlan
from puente.programs.models import Wave


def copy_wave_settings(source_id: int, target_id: int, offset_days: int) -> WaveCopy:
    target = Wave.objects.get(pk=target_id)
    plans = 0
    plan = SessionPlan.objects.filter(wave_id=source_id).first()
    if plan is not None:
        # A wave without its own plan follows the program's: nothing to copy then.
        copy = SessionPlan(
            program_id=plan.program_id,
            wave=target,
            meetings=plan.meetings,
            span_weeks=plan.span_weeks,
            span_months=plan.span_months,
            hours_per_meeting=plan.hours_per_meeting,
            cadence=plan.cadence,
            themes=list(plan.themes),
        )
        copy.full_clean()
        copy.save()
        plans = 1
    return [(_("Session plan"), plans)]
