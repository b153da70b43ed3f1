from django_tasks import task

from puente.matching.services import embeddings_refresh
from puente.programs.models import Program


@task()
def embeddings_refresh_task(program_id: int) -> int:
    """Encode the texts that changed; idempotent (unchanged texts are skipped by their hash)."""
    program = Program.objects.filter(pk=program_id).first()
    return embeddings_refresh(program=program) if program else 0
