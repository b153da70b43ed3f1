"""Selection by lottery: among the eligible applicants of one role of a call, ``places`` are
drawn with ``random.Random(seed)``; the draw is recorded (seed, when, who, the eligible list and
the result) and can be drawn again by anyone to check it (``lottery_replay``). Those drawn are
accepted and the others waitlisted, through the usual decisions (their emails included), so the
waitlisted form a randomized comparison group for the program's M&E rounds."""

import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.accounts.models import User
from puente.recruitment.models import Application, Call, Lottery
from puente.recruitment.services import applications_decide

# Who may be drawn: submitted, or already waitlisted (eligible, not yet selected).
ELIGIBLE = (Application.Status.SUBMITTED, Application.Status.WAITLISTED)


def draw(eligible: list[int], places: int, seed: int) -> list[int]:
    """The ids drawn: ``places`` of ``eligible`` (in the order given), sorted."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible draw, not a secret
    return sorted(rng.sample(eligible, min(places, len(eligible))))


def lottery_replay(lottery: Lottery) -> list[int]:
    """Draw again from the recorded seed and eligible list: equals ``lottery.selected``."""
    return draw(list(lottery.eligible), lottery.places, lottery.seed)


@transaction.atomic
def lottery_draw(
    *,
    call: Call,
    role: str,
    places: int,
    by: User,
    seed: int | None = None,
    message_selected: str = "",
    message_not_selected: str = "",
) -> Lottery:
    """Draw ``places`` among the call's eligible applications of ``role`` and decide them: the
    drawn accepted, the others waitlisted. Once per call and role."""
    Call.objects.select_for_update().filter(pk=call.pk).first()
    if Lottery.objects.filter(call=call, role=role).exists():
        raise ValidationError(_("This call already selected its applicants by lottery."))
    if places < 1:
        raise ValidationError({"places": _("Draw at least one place.")})
    eligible = list(
        Application.objects.filter(call=call, role=role, status__in=ELIGIBLE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not eligible:
        raise ValidationError(_("No application is eligible for the lottery."))
    if seed is None:
        seed = secrets.randbelow(2**31)
    selected = draw(eligible, places, seed)
    lottery = Lottery(
        call=call,
        role=role,
        places=places,
        seed=seed,
        drawn_at=timezone.now(),
        drawn_by=by,
        eligible=eligible,
        selected=selected,
    )
    lottery.full_clean()
    lottery.save()
    applications = Application.objects.filter(pk__in=eligible)
    applications_decide(
        applications=applications.filter(pk__in=selected),
        decision=Application.Status.ACCEPTED,
        by=by,
        message=message_selected or _("You were selected by lottery among eligible applicants."),
    )
    applications_decide(
        applications=applications.exclude(pk__in=selected),
        decision=Application.Status.WAITLISTED,
        by=by,
        message=message_not_selected
        or _(
            "You were not drawn in the lottery among eligible applicants: you are on the "
            "waiting list."
        ),
    )
    return lottery
