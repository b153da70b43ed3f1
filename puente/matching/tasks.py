from django_tasks import task

from puente.core.permissions import Role
from puente.matching.services import embeddings_refresh
from puente.programs.models import Program


@task()
def embeddings_refresh_task(program_id: int) -> int:
    """Encode the texts that changed; idempotent (unchanged texts are skipped by their hash)."""
    program = Program.objects.filter(pk=program_id).first()
    return embeddings_refresh(program=program) if program else 0


@task()
def embeddings_refresh_for_user_task(user_id: int) -> int:
    """A profile or application changed: refresh the texts of the person's programs."""
    programs = Program.objects.filter(
        memberships__user_id=user_id, memberships__role__in=[Role.MENTOR, Role.MENTEE]
    ).distinct()
    return sum(embeddings_refresh(program=program) for program in programs)


def enqueue_refresh_for_user(user_id: int) -> None:
    embeddings_refresh_for_user_task.enqueue(user_id)
