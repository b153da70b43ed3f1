"""Background data-quality checks: thin, idempotent wrappers around ``monitoring.quality``."""

from django_tasks import task

from puente.monitoring import quality
from puente.monitoring.models import Round


@task()
def quality_check_task(round_id: int) -> int:
    """Check every answer of one round against its rules; running it again finds the same
    flags. Returns the flags added, removed or changed (0 for a round that is gone)."""
    round_ = Round.objects.filter(pk=round_id).first()
    return quality.round_check(round_=round_) if round_ is not None else 0


@task()
def quality_check_open_rounds_task() -> int:
    """The daily run: check every open round (outliers need the whole round)."""
    return quality.open_rounds_check()
