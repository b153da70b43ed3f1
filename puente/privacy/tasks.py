"""Background work of the privacy app: thin, idempotent wrappers around its services."""

from django_tasks import task

from puente.privacy import services


@task()
def data_export_build_task(export_id: int) -> str:
    """Write a large download of a person's data and email its link; a finished one is left."""
    return services.data_export_build(export_id=export_id)


@task()
def data_exports_clean_task() -> int:
    """Delete the files of expired download links (safe to run any number of times)."""
    return services.data_exports_clean()
