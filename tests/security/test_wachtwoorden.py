"""Passwords: argon2id in production, at least 12 characters."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

import pytest

from activering.settings import base as basis


def test_base_settings_hash_new_passwords_with_argon2id():
    with override_settings(PASSWORD_HASHERS=basis.PASSWORD_HASHERS):
        hash_ = make_password("een-lang-wachtwoord-2025")
        assert hash_.startswith("argon2$argon2id$")
        assert check_password("een-lang-wachtwoord-2025", hash_)
        assert not check_password("een-lang-wachtwoord-2026", hash_)


def test_test_settings_still_verify_argon2_hashes():
    """The suite hashes with a fast hasher, but an argon2 hash (production data) verifies."""
    from django.conf import settings

    assert "django.contrib.auth.hashers.Argon2PasswordHasher" in settings.PASSWORD_HASHERS
    with override_settings(PASSWORD_HASHERS=basis.PASSWORD_HASHERS):
        hash_ = make_password("een-lang-wachtwoord-2025")
    assert check_password("een-lang-wachtwoord-2025", hash_)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("wachtwoord", "geldig"),
    [("kort-1234", False), ("elf-tekens!", False), ("twaalf-teken", True)],
)
def test_passwords_have_at_least_twelve_characters(wachtwoord, geldig):
    if geldig:
        validate_password(wachtwoord)
    else:
        with pytest.raises(ValidationError) as fout:
            validate_password(wachtwoord)
        assert "password_too_short" in [e.code for e in fout.value.error_list]
        assert "12" in " ".join(fout.value.messages)
