from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def captcha_test_mode_is_off(app_configs, **kwargs):
    """With CAPTCHA_TEST_MODE any answer "passed" opens every record: never in production."""
    if settings.CAPTCHA_TEST_MODE:
        return [
            Error(
                "CAPTCHA_TEST_MODE is on: the verification captcha accepts any answer.",
                hint="Remove CAPTCHA_TEST_MODE from the settings.",
                id="verification.E001",
            )
        ]
    return []
