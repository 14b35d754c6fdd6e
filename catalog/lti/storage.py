"""Where pylti1p3 keeps what an LTI exchange needs between requests: a database table.

pylti1p3 checks that a nonce *exists*; it never removes it, and it accepts a state again once
the same id_token was seen. Here every state and nonce is taken (read and deleted) on use, so
a replayed launch finds nothing, whichever worker process it reaches.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.session import SessionService

from .models import LtiStoredValue


class DbLaunchDataStorage(LaunchDataStorage):
    """pylti1p3's launch data storage on ``LtiStoredValue``. No session cookie: keys are
    random (state, nonce, launch id), so nothing depends on third-party cookies after the
    launch."""

    def __init__(self, clock=timezone.now) -> None:
        self._clock = clock

    def get_session_cookie_name(self) -> None:
        return None

    def can_set_keys_expiration(self) -> bool:
        return True

    def _live(self):
        return LtiStoredValue.objects.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=self._clock())
        )

    def get_value(self, key: str) -> Any:
        row = self._live().filter(key=self._prepare_key(key)).first()
        return None if row is None else row.value

    def set_value(self, key: str, value: Any, exp: int | None = None) -> None:
        expires = self._clock() + timedelta(seconds=exp) if exp else None
        LtiStoredValue.objects.update_or_create(
            key=self._prepare_key(key), defaults={"value": value, "expires_at": expires}
        )

    def check_value(self, key: str) -> bool:
        return self._live().filter(key=self._prepare_key(key)).exists()

    def take_value(self, key: str) -> Any:
        """The value, deleted in the same step; None when absent, expired or already taken
        (the delete count settles a race between two workers)."""
        row = self._live().filter(key=self._prepare_key(key)).first()
        if row is None:
            return None
        deleted, _ = LtiStoredValue.objects.filter(pk=row.pk).delete()
        return row.value if deleted else None

    def delete_value(self, key: str) -> None:
        LtiStoredValue.objects.filter(key=self._prepare_key(key)).delete()

    def purge_expired(self) -> int:
        deleted, _ = LtiStoredValue.objects.filter(expires_at__lte=self._clock()).delete()
        return deleted


class SingleUseSessionService(SessionService):
    """pylti1p3's session service with single-use nonces and states bound to their nonce."""

    def __init__(self, request, storage: DbLaunchDataStorage) -> None:
        super().__init__(request)
        self.set_data_storage(storage)
        self.storage = storage

    def check_nonce(self, nonce: str) -> bool:
        return self.storage.take_value(self._get_key("nonce", nonce)) is not None

    def check_state_is_valid(self, state: str, id_token_hash: str) -> bool:
        # Only the state cookie set at login ties a launch to the browser that logged in.
        return False

    def save_login_state(self, state: str, nonce: str, lifetime: int) -> None:
        self.storage.set_value(self._get_key("login", state), {"nonce": nonce}, exp=lifetime)

    def take_login_state(self, state: str) -> dict | None:
        return self.storage.take_value(self._get_key("login", state))
