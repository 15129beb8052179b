import logging

from celery import shared_task
from django.utils import timezone
from knox.models import AuthToken

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Proves beat and a worker are alive: its log line is what operators look for."""
    logger.info("portal heartbeat")


@shared_task(ignore_result=True)
def delete_expired_api_tokens() -> int:
    """API tokens past their expiry, deleted (authentication refuses them already; see
    tpc_portal.authentication.TokenAuthentication)."""
    deleted, _ = AuthToken.objects.filter(expiry__lt=timezone.now()).delete()
    return deleted
