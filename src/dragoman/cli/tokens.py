"""`dragoman tokens`: API tokens (:mod:`dragoman.api.tokens`): create, list, revoke."""

from __future__ import annotations

from dragoman.api.models import ApiToken
from dragoman.api.tokens import TokenError, create_token, revoke
from dragoman.cli.common import CommandError, hint, write_table

COLUMNS = ("id", "prefix", "user", "name", "read_only", "created_at", "last_used_at", "revoked")


def create(args) -> int:
    try:
        new = create_token(args.user, name=args.name, read_only=args.read_only)
    except TokenError as exc:
        raise CommandError(str(exc)) from None
    reach = "read-only" if args.read_only else "read-write"
    hint(f"token {new.row.pk} for {args.user} ({reach}); it is shown only now, keep it somewhere safe:")
    print(new.token)
    return 0


def list_(args) -> int:
    rows = (
        {"id": t.pk, "prefix": t.prefix, "user": t.user.get_username(), "name": t.name, "read_only": t.read_only,
         "created_at": t.created_at.isoformat(timespec="seconds"),
         "last_used_at": t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else "",
         "revoked": t.revoked_at is not None}  # fmt: skip
        for t in ApiToken.objects.select_related("user").order_by("pk")
    )
    write_table(rows, COLUMNS, args.format, empty_hint="no tokens; create one with: dragoman tokens create --user NAME")
    return 0


def revoke_(args) -> int:
    try:
        row = revoke(args.id)
    except TokenError as exc:
        raise CommandError(str(exc)) from None
    print(f"revoked token {row.pk} ({row.prefix}…) of {row.user}")
    return 0
