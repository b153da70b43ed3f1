"""Demo matching: confirmed matches for past waves, a run to review for the current ones, tutors.

Runs once per program (a second seed leaves them as they are). Confirmations are written
quietly, without the emails a coordinator's confirmation sends.
"""

from django.db import transaction
from django.utils import timezone

from puente.accounts.models import User
from puente.core.permissions import Role
from puente.matching.models import Match, MatchingSettings, MatchRun, MentorCapacity
from puente.matching.services import NothingToMatch, embeddings_refresh, match_run, tutors_assign
from puente.programs.models import Program

DEMO = "@demo.puente.example"


def confirm_quietly(run: MatchRun, *, ended: bool = False, limit: int | None = None) -> int:
    proposals = list(run.proposals.order_by("-score", "pk"))[:limit]
    Match.objects.bulk_create(
        Match(
            program=run.program,
            wave=run.wave,
            mentee=p.mentee,
            mentor=p.mentor,
            run=run,
            score=p.score,
            breakdown=p.breakdown,
            status=Match.Status.ENDED if ended else Match.Status.ACTIVE,
            confirmed_by=run.created_by,
        )
        for p in proposals
    )
    run.status = MatchRun.Status.CONFIRMED
    run.confirmed_at = timezone.now()
    run.confirmed_by = run.created_by
    run.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    return len(proposals)


def _run(program: Program, coordinator: User, wave_number: int | None) -> MatchRun | None:
    wave = program.waves.get(number=wave_number) if wave_number else None
    try:
        return match_run(program=program, by=coordinator, wave=wave)
    except NothingToMatch:
        return None


@transaction.atomic
def seed_matching() -> None:
    plans: dict[str, tuple[str, int, list[int], list[int], list[int | None]]] = {
        # slug: (coordinator, capacity, waves confirmed and ended, confirmed, to review)
        "mentoria-codigo-abierto": ("coordinadora.comunidad", 3, [1], [], [2]),
        "mujeres-proveedoras": ("coordinadora.proveedoras", 1, [1], [2], [3]),
        "mentoria-inversa": ("coordinadora.inversa", 1, [], [], [None]),
    }
    for slug, (coordinator_local, capacity, ended, confirmed, review) in plans.items():
        program = Program.objects.get(slug=slug)
        if MatchRun.objects.filter(program=program).exists():
            continue
        coordinator = User.objects.get(email=coordinator_local + DEMO)
        MatchingSettings.objects.update_or_create(
            program=program, defaults={"default_capacity": capacity}
        )
        embeddings_refresh(program=program)
        for number in ended:
            run = _run(program, coordinator, number)
            if run:
                confirm_quietly(run, ended=True)
        for number in confirmed:
            run = _run(program, coordinator, number)
            if run:
                confirm_quietly(run)
        if slug == "mentoria-inversa":
            # Half the pairs were agreed at the first session; the rest await review.
            run = _run(program, coordinator, None)
            if run:
                confirm_quietly(run, limit=6)
        for wave_number in review:
            _run(program, coordinator, wave_number)
    proveedoras = Program.objects.get(slug="mujeres-proveedoras")
    for wave in proveedoras.waves.all():
        tutors_assign(program=proveedoras, wave=wave)
    # One experienced mentor takes two businesses, to show capacities.
    mentor = proveedoras.memberships.filter(role=Role.MENTOR).order_by("pk").first()
    if mentor:
        MentorCapacity.objects.update_or_create(membership=mentor, defaults={"capacity": 2})
