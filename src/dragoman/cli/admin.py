"""Administration: `dragoman createadmin` (the first admin user), `dragoman check` (the settings, and
whether they are safe for serving publicly), `dragoman manage` (any Django management command)."""

from __future__ import annotations

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import SystemCheckError

from dragoman.cli.common import CommandError


def createadmin(args) -> int:
    """Create the first admin user; the password from the terminal (asked twice) or from a variable."""
    username = args.username.strip()
    if not username:
        raise CommandError("--username must not be empty")
    users = get_user_model()
    if users.objects.filter(username=username).exists():
        raise CommandError(
            f"user {username!r} already exists; choose another --username, "
            f"or change its password with: dragoman manage changepassword {username}"
        )
    if args.password_from_env:
        password = os.environ.get(args.password_from_env, "")
        if not password:
            raise CommandError(f"the environment variable {args.password_from_env} is not set or is empty")
    else:
        if not sys.stdin.isatty():
            raise CommandError("no terminal to ask for the password on; use --password-from-env VARIABLE")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ; nothing was created")
    try:
        validate_password(password, users(username=username, email=args.email))
    except ValidationError as exc:
        raise CommandError(f"password refused: {' '.join(exc.messages)}") from None
    users.objects.create_superuser(username=username, email=args.email, password=password)
    print(f"created the admin user {username!r}; log in at /admin/")
    return 0


def check(args) -> int:
    """Django's system checks and Dragoman's own; with --deploy, those for serving publicly too."""
    try:
        call_command("check", deploy=args.deploy)
    except SystemCheckError as exc:
        print(str(exc).strip().removeprefix("SystemCheckError: "), file=sys.stderr)
        raise CommandError("the checks found errors; fix them before serving publicly") from None
    return 0


def manage(args) -> int:
    execute_from_command_line(["dragoman manage", *args.rest])
    return 0
