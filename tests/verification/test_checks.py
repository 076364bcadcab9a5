from django.core import checks
from django.test import override_settings

from verification.checks import captcha_test_mode_is_off


def test_the_deploy_check_refuses_captcha_test_mode():
    with override_settings(CAPTCHA_TEST_MODE=True):
        errors = captcha_test_mode_is_off(None)
    assert [e.id for e in errors] == ["verification.E001"]


def test_the_check_runs_with_check_deploy_and_is_quiet_by_default():
    assert captcha_test_mode_is_off in checks.registry.registry.get_checks(
        include_deployment_checks=True
    )
    assert captcha_test_mode_is_off(None) == []
