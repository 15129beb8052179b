import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Proves beat and a worker are alive: its log line is what operators look for."""
    logger.info("portal heartbeat")
