"""steering's system check: the quorum setting is in range (tally.quorum_share() decides)."""

from django.core import checks

from steering.tally import quorum_share


@checks.register(checks.Tags.compatibility)
def quorum_setting(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    try:
        quorum_share()
    except (ValueError, TypeError) as error:
        return [checks.Error(f"{str(error).rstrip('.')}, e.g. 0.5.", id="steering.E001")]
    return []
