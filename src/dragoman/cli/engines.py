"""`dragoman engines`: which translation engines are usable here; `engines install`: an offline model;
`engines price`: what an engine costs. Also the checks every command that translates makes on the engine it
was given."""

from __future__ import annotations

from dragoman.cli.common import CommandError, hint, write_table
from dragoman.translate import engines
from dragoman.translate.engines.base import Engine, EngineUnavailable
from dragoman.translate.packages import PackageError, install_argos_package

COLUMNS = ("engine", "status", "pairs", "detail")


def usable_engine(name: str, source: str | None = None, target: str | None = None) -> Engine:
    """The engine ``name``, usable here (and for ``source``->``target`` when given), or a one-line error."""
    try:
        return engines.usable_engine(name, source, target)
    except EngineUnavailable as exc:
        raise CommandError(str(exc)) from None


def known_engine(name: str) -> None:
    """A one-line error unless ``name`` is an engine Dragoman knows (usable here or not)."""
    try:
        engines.known_engine(name)
    except EngineUnavailable as exc:
        raise CommandError(str(exc)) from None


def list_(args) -> int:
    from django.conf import settings  # the settings only: this command sets up no database

    try:
        engines.register_named(settings.EXTRA_ENGINES)
    except ValueError as exc:
        raise CommandError(f"DRAGOMAN_EXTRA_ENGINES: {exc}") from None
    rows = [{"engine": name, "status": "usable" if usable else "not usable", "pairs": pairs, "detail": why}
            for name, usable, why, pairs in engines.availability_report()]  # fmt: skip
    write_table(rows, COLUMNS, args.format)
    return 0


def install(args) -> int:
    hint(f"installing the Argos package {args.source_language}->{args.target} …")
    try:
        result = install_argos_package(
            args.source_language, args.target, index_url=args.index_url, models_dir=args.models_dir
        )
    except PackageError as exc:
        raise CommandError(f"not installed: {exc}") from None
    replaced = f", replacing version {result.replaced}" if result.replaced else ""
    print(
        f"installed {result.name} {result.version} ({result.pair[0]}->{result.pair[1]}, {result.bytes} bytes "
        f"from {result.url}) in {result.path}{replaced}; translate with --engine ctranslate2"
    )
    return 0


def price(args) -> int:
    from dragoman.budgets.models import EnginePrice  # the database's, only for this action

    known_engine(args.engine)
    currency = args.currency.strip().upper()
    if not currency.isalpha() or len(currency) > 8:
        raise CommandError(f"a currency is a code of up to 8 letters, such as USD or EUR (got {args.currency!r})")
    EnginePrice.objects.update_or_create(engine=args.engine, defaults={"per_million": args.per_million, "currency": currency})
    print(f"{args.engine}: {args.per_million.normalize():f} {currency} per million characters")
    return 0
