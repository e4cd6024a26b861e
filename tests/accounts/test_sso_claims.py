"""What the provider's claims mean: the role map's order, and which amr/acr values count as MFA."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from redress.accounts.oidc.claims import Assignment, assignment_for, mfa_done


def test_the_first_mapped_group_gives_the_role_and_the_first_with_a_department_the_department(
    settings: Any,
) -> None:
    settings.REDRESS_OIDC_ROLE_CLAIM = "roles"
    settings.REDRESS_OIDC_ROLE_MAP = {
        "redress-approvers": {"role": "approver"},
        "redress-handlers": {"role": "handler", "department": "cards"},
        "redress-admins": "admin",
    }
    assert assignment_for({"roles": ["redress-handlers", "redress-approvers"]}) == Assignment("approver", "cards")
    assert assignment_for({"roles": "redress-admins"}) == Assignment("admin", None)
    assert assignment_for({"roles": ["staff"]}) is None
    assert assignment_for({}) is None


def test_a_role_map_naming_no_known_role_is_a_configuration_error(settings: Any) -> None:
    settings.REDRESS_OIDC_ROLE_MAP = {"g": {"role": "superhero"}}
    with pytest.raises(ImproperlyConfigured, match="needs a role"):
        assignment_for({"groups": ["g"]})


def test_mfa_is_an_amr_entry_or_the_acr_value_named_in_the_settings(settings: Any) -> None:
    settings.REDRESS_OIDC_MFA_VALUES = ["mfa", "gold"]
    assert mfa_done({"amr": ["pwd", "mfa"]})
    assert mfa_done({"acr": "gold"})
    assert not mfa_done({"amr": ["pwd"], "acr": "1"})
    assert not mfa_done({})


def test_redress_check_names_single_sign_on_settings_that_cannot_work(settings: Any) -> None:
    from redress.accounts.oidc.checks import single_sign_on_settings

    assert single_sign_on_settings(None) == []
    settings.REDRESS_PASSWORD_LOGIN = False
    settings.REDRESS_OIDC_MATCH_BY = "phone"
    settings.REDRESS_OIDC_ROLE_MAP = {"g": {"role": "superhero"}}
    assert [problem.id for problem in single_sign_on_settings(None)] == ["redress.E101", "redress.E102", "redress.E103"]
