"""People who sign in, and the invitations that bring them in (there is no public sign-up)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny.partnerships.roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person, identified by e-mail. Roles come from their memberships, not from this record."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    # Demo users may skip the second factor even where it is compulsory, so that anyone can try
    # every role of the demo; a real account never has this flag.
    is_demo = models.BooleanField(default=False)
    receives_daily_digest = models.BooleanField(
        "daily reminder e-mail",
        default=True,
        help_text="One e-mail a day listing what is due in the next 7 days and what is overdue, only when there is "
        "something.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def expired(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=timezone.now())


class Invitation(models.Model):
    """An invitation by e-mail into one partnership with one role.

    Only a hash of the link's token is stored, so a copy of the database cannot be used to accept.
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("e-mail address")
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=32, choices=Role.choices)
    agency = models.ForeignKey(
        "partnerships.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.partnership}"

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        """A fresh (raw token, hash) pair; only the hash is saved."""
        raw = secrets.token_urlsafe(32)
        return raw, _hash_token(raw)

    @classmethod
    def issue(
        cls,
        *,
        partnership: Any,
        email: str,
        full_name: str,
        role: str,
        agency: Any = None,
        invited_by: Any = None,
        expires_at: Any = None,
    ) -> tuple[Invitation, str]:
        """A saved invitation and the raw token for its link (shown once: only the hash is kept)."""
        raw, token_hash = cls.new_token()
        invitation = cls.objects.create(
            partnership=partnership,
            email=email.strip().lower(),
            full_name=full_name.strip(),
            role=role,
            agency=agency,
            invited_by=invited_by,
            token_hash=token_hash,
            expires_at=expires_at or cls.default_expiry(),
        )
        return invitation, raw

    @classmethod
    def find_by_token(cls, raw: str) -> Invitation | None:
        return cls.objects.select_related("partnership", "agency").filter(token_hash=_hash_token(raw)).first()

    @staticmethod
    def default_expiry() -> Any:
        return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_open(self) -> bool:
        return self.status == "pending"


class PersonalTokenQuerySet(models.QuerySet["PersonalToken"]):
    def active(self) -> PersonalTokenQuerySet:
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )


class PersonalToken(models.Model):
    """A personal API token. It carries exactly its owner's memberships, nothing more.

    Only a hash is stored; the token is shown once, when it is made.
    """

    PREFIX = "scr_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, for example 'Quarterly data upload'")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PersonalTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, *, user: User, name: str, valid_days: int | None = 365) -> tuple[PersonalToken, str]:
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        expires = timezone.now() + timedelta(days=valid_days) if valid_days else None
        token = cls.objects.create(
            user=user, name=name, token_hash=_hash_token(raw), hint=raw[: len(cls.PREFIX) + 4], expires_at=expires
        )
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> PersonalToken | None:
        token = cls.objects.active().select_related("user").filter(token_hash=_hash_token(raw)).first()
        if token is None or not token.user.is_active:
            return None
        return token

    @property
    def is_active(self) -> bool:
        if self.revoked_at:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
