"""Export the newsroom's data as JSON lines and read it back into an empty database.

One object per line: ``{"model": "claims.claim", "id": 12, "fields": {...}}``. Foreign keys are
ids, except references to users, which are user names: passwords never leave the database, and
on import a user name is linked to the account of that name, created inactive (with an unusable
password and its roles) when missing. Ratings are matched by slug, because migrations seed them.

Not exported on purpose: API tokens, webhook subscriptions (their secrets) and deliveries,
idempotency keys. They are credentials or short-lived state; re-create them after a restore.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction

from claims.models import Rating
from factcheck.errors import DomainError

FORMAT_VERSION = 1
BATCH_SIZE = 500

# Parents before children, so a reader can follow the file in order.
DOMAIN_MODELS: tuple[str, ...] = (
    "claims.outlet",
    "claims.speaker",
    "claims.article",
    "claims.claim",
    "claims.claimband",
    "claims.quantity",
    "claims.claimrevision",
    "evidence.evidencedocument",
    "evidence.evidencecandidate",
    "evidence.fetchrun",
    "claims.verdict",
    "claims.verdictrevision",
    "claims.verdictcorrection",
    "claims.citation",
    "factcheck.reviewevent",
)
USER_LABEL = "auth.user"
RATING_LABEL = "claims.rating"


def _is_user_fk(f: models.Field[Any, Any]) -> bool:
    return bool(f.is_relation and f.many_to_one and f.related_model is get_user_model())


def _concrete_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but datetimes keep their microseconds (it cuts them to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def _line(payload: dict[str, Any]) -> str:
    return json.dumps(payload, cls=_Encoder, ensure_ascii=False, separators=(",", ":")) + "\n"


# --- export ---------------------------------------------------------------------------------
def export_lines() -> Iterator[tuple[str, str]]:
    """Every exported row as (model label, JSON line), streamed in id order (constant memory)."""
    yield "meta", _line({"model": "meta", "format": FORMAT_VERSION})
    user_model = get_user_model()
    usernames: dict[int, str] = {}
    for user in user_model.objects.order_by("pk").prefetch_related("groups").iterator(chunk_size=BATCH_SIZE):
        usernames[user.pk] = user.get_username()
        yield (
            USER_LABEL,
            _line(
                {
                    "model": USER_LABEL,
                    "username": user.get_username(),
                    "fields": {
                        "email": user.email,
                        "first_name": user.first_name,
                        "last_name": user.last_name,
                        "groups": sorted(g.name for g in user.groups.all()),
                    },
                }
            ),
        )
    for label in (RATING_LABEL, *DOMAIN_MODELS):
        model = apps.get_model(label)
        fields = _concrete_fields(model)
        for obj in model._default_manager.order_by("pk").iterator(chunk_size=BATCH_SIZE):
            values: dict[str, Any] = {}
            for f in fields:
                value = getattr(obj, f.attname)
                if _is_user_fk(f):
                    values[f.name] = usernames.get(value) if value is not None else None
                elif f.is_relation:
                    values[f.attname] = value
                else:
                    values[f.name] = value
            yield label, _line({"model": label, "id": obj.pk, "fields": values})


def export_to(stream: IO[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for label, line in export_lines():
        stream.write(line)
        if label != "meta":
            counts[label] = counts.get(label, 0) + 1
    return counts


# --- import ---------------------------------------------------------------------------------
@dataclass
class _Importer:
    user_ids: dict[str, int] = field(default_factory=dict)
    rating_ids: dict[int, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    created_users: list[str] = field(default_factory=list)
    pending_label: str = ""
    pending: list[models.Model] = field(default_factory=list)

    def user(self, record: dict[str, Any]) -> None:
        user_model = get_user_model()
        username = record["username"]
        data = record.get("fields", {})
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
        if user is None:
            # Restored accounts start switched off: nobody logs in until an admin sets a password.
            user = user_model(
                **{user_model.USERNAME_FIELD: username},
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            groups = Group.objects.filter(name__in=data.get("groups", []))
            user.groups.add(*groups)
            self.created_users.append(username)
        self.user_ids[username] = user.pk
        self._count(USER_LABEL)

    def rating(self, record: dict[str, Any]) -> None:
        data = record["fields"]
        rating = Rating.objects.filter(slug=data["slug"]).first()
        if rating is None:
            rating = Rating(pk=record["id"] if not Rating.objects.filter(pk=record["id"]).exists() else None)
        for name, value in data.items():
            setattr(rating, name, value)
        rating.save()
        self.rating_ids[record["id"]] = rating.pk
        self._count(RATING_LABEL)

    def row(self, label: str, record: dict[str, Any]) -> None:
        if label != self.pending_label:
            self.flush()
            self.pending_label = label
        model = apps.get_model(label)
        obj = model(pk=record["id"])
        data = record["fields"]
        for f in _concrete_fields(model):
            if _is_user_fk(f):
                username = data.get(f.name)
                setattr(obj, f.attname, self.user_ids[username] if username is not None else None)
            elif f.is_relation:
                value = data.get(f.attname)
                if f.related_model is apps.get_model(RATING_LABEL) and value is not None:
                    value = self.rating_ids[value]
                setattr(obj, f.attname, value)
            elif f.name in data:
                setattr(obj, f.attname, f.to_python(data[f.name]))
        self.pending.append(obj)
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        model = type(self.pending[0])
        # raw=True: timestamps (auto_now, auto_now_add) keep their exported values; no signals run.
        model._base_manager._insert(  # type: ignore[attr-defined]
            self.pending, fields=model._meta.local_concrete_fields, using=connection.alias, raw=True
        )
        self._count(model._meta.label_lower, len(self.pending))
        self.pending = []

    def _count(self, label: str, n: int = 1) -> None:
        self.counts[label] = self.counts.get(label, 0) + n


def database_is_empty() -> dict[str, int]:
    """The exported models that already hold rows (empty dict: safe to import)."""
    found = {}
    for label in DOMAIN_MODELS:
        n = apps.get_model(label)._default_manager.count()
        if n:
            found[label] = n
    return found


def _records(stream: IO[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DomainError(f"Line {number} is not JSON ({exc.msg}).") from None
        if not isinstance(record, dict) or "model" not in record:
            raise DomainError(f'Line {number} has no "model" key.')
        yield number, record


@transaction.atomic
def import_from(stream: IO[str]) -> dict[str, int]:
    """Read an export into an empty database, keeping ids, in one transaction; then reset sequences.

    Raises :class:`DomainError` (and changes nothing) when the database already holds articles,
    claims or any other exported record, or when the file is not an export.
    """
    present = database_is_empty()
    if present:
        listing = ", ".join(f"{n} {label}" for label, n in present.items())
        raise DomainError(
            f"The database is not empty ({listing}). import_data only restores into an empty database: "
            "create a fresh one (or run `manage.py flush`) first."
        )
    importer = _Importer()
    try:
        _read_into(importer, stream)
    except IntegrityError as exc:
        raise DomainError(f"The file does not fit together (a missing parent or a repeated id): {exc}") from None
    _reset_sequences()
    return importer.counts | {"users created (inactive)": len(importer.created_users)}


def _read_into(importer: _Importer, stream: IO[str]) -> None:
    known = {USER_LABEL, RATING_LABEL, *DOMAIN_MODELS}
    with connection.constraint_checks_disabled():
        for number, record in _records(stream):
            label = record["model"]
            if label == "meta":
                if record.get("format") != FORMAT_VERSION:
                    raise DomainError(f"Unknown export format {record.get('format')!r} (expected {FORMAT_VERSION}).")
                continue
            if label not in known:
                raise DomainError(f"Line {number}: unknown model {label!r}.")
            try:
                if label == USER_LABEL:
                    importer.user(record)
                elif label == RATING_LABEL:
                    importer.rating(record)
                else:
                    importer.row(label, record)
            except KeyError as exc:
                raise DomainError(f"Line {number} ({label}): refers to {exc} that is not in the file.") from None
        importer.flush()
    # Foreign keys were not checked row by row (children may come before the rows they point
    # to, e.g. claims that duplicate a later claim); check every table now, inside the transaction.
    tables = [apps.get_model(label)._meta.db_table for label in DOMAIN_MODELS]
    connection.check_constraints(table_names=tables)


def _reset_sequences() -> None:
    """After inserting explicit ids, PostgreSQL's sequences must move past them (SQLite needs nothing)."""
    models_ = [apps.get_model(label) for label in (RATING_LABEL, *DOMAIN_MODELS)]
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
