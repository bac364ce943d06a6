"""`dragoman site build`: the whole public site, rendered into a folder for any static host (dragoman.rendered.build)."""

from __future__ import annotations

from pathlib import Path

from dragoman.cli.common import CommandError
from dragoman.rendered.build import BuildError, build as build_site


def build(args) -> int:
    try:
        built = build_site(Path(args.out), base_url=args.base_url)
    except BuildError as exc:
        raise CommandError(str(exc)) from None
    links = f"links under {args.base_url}" if args.base_url else "relative links"
    print(f"wrote {built.pages} pages ({built.files} files) into {args.out}, with {links}")
    return 0
