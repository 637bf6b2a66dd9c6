from celery import shared_task

from kpi import services


@shared_task
def materialise_figures():
    """Recount this and last fiscal year's site-counted figures (safe to run twice)."""
    services.ensure_indicators()
    return services.materialise()
