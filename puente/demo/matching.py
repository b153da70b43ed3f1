"""Demo matching: confirmed matches for past waves, a run to review for the current ones, tutors.

Runs once per program (a second seed leaves them as they are). Confirmations are written
quietly, without the emails a coordinator's confirmation sends.
"""

from django.db import transaction
from django.utils import timezone

from puente.accounts.models import User
from puente.core.permissions import Role
from puente.matching.choice import choices_save, mentor_respond, suggestions_publish
from puente.matching.models import (
    Match,
    MatchingSettings,
    MatchRun,
    MentorCapacity,
    Suggestion,
)
from puente.matching.services import NothingToMatch, embeddings_refresh, match_run, tutors_assign
from puente.programs.models import Membership, Program

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


def choose_mentors(program: Program, coordinator: User) -> None:
    """The community's wave 2 chooses: suggestions published, a dozen mentees ranked theirs
    (two want the same mentor first), the demo mentor accepted one and declined another."""
    MatchingSettings.objects.filter(program=program).update(mentee_choice=True, suggestions_shown=3)
    wave = program.waves.get(number=2)
    suggestions_publish(program=program, by=coordinator, wave=wave, notify=False)
    mentees = list(
        Membership.objects.filter(program=program, role=Role.MENTEE, wave=wave).order_by(
            "user__email"
        )
    )
    demo_mentee = next((m for m in mentees if m.user.email == "mentee.comunidad" + DEMO), None)
    demo_mentor = Membership.objects.filter(
        program=program, role=Role.MENTOR, user__email="mentora.comunidad" + DEMO
    ).first()
    # Those shown the demo mentor put her first, so her requests page has something to answer.
    fans = set(Suggestion.objects.filter(mentor=demo_mentor).values_list("mentee_id", flat=True))
    choosers = sorted(
        (m for m in mentees if m != demo_mentee), key=lambda m: (m.pk not in fans, m.pk)
    )[:12]
    for mentee in choosers:
        ranked = list(
            Suggestion.objects.filter(mentee=mentee)
            .order_by("position")
            .values_list("mentor_id", flat=True)
        )
        if demo_mentor is not None and demo_mentor.pk in ranked:
            ranked.remove(demo_mentor.pk)
            ranked.insert(0, demo_mentor.pk)
        if ranked:
            choices_save(mentee=mentee, ranked_mentor_ids=ranked[:2])
    if demo_mentor is None:
        return
    chose_her = list(
        Suggestion.objects.filter(mentor=demo_mentor, choice__isnull=False).order_by("mentee_id")
    )
    for n, suggestion in enumerate(chose_her[:2]):
        mentor_respond(
            mentor=demo_mentor,
            mentee_id=suggestion.mentee_id,
            accept=n == 0,
            reason=""
            if n == 0
            else "Mi experiencia es en backend; ella busca liderazgo de producto.",
        )


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
        if slug == "mentoria-codigo-abierto":
            choose_mentors(program, coordinator)
        for wave_number in review:
            _run(program, coordinator, wave_number)
    proveedoras = Program.objects.get(slug="mujeres-proveedoras")
    for wave in proveedoras.waves.all():
        tutors_assign(program=proveedoras, wave=wave)
    # One experienced mentor takes two businesses, to show capacities.
    mentor = proveedoras.memberships.filter(role=Role.MENTOR).order_by("pk").first()
    if mentor:
        MentorCapacity.objects.update_or_create(membership=mentor, defaults={"capacity": 2})
