"""`dragoman site build`: the whole public site, rendered into a folder for any static host (dragoman.rendered.build);
`dragoman site render`: every page of the served folder rendered again."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from dragoman.cli.common import CommandError
from dragoman.rendered.build import BuildError, build as build_site, public_addresses
from dragoman.rendered.pages import mark, render_stale


def build(args) -> int:
    try:
        built = build_site(Path(args.out), base_url=args.base_url)
    except BuildError as exc:
        raise CommandError(str(exc)) from None
    links = f"links under {args.base_url}" if args.base_url else "relative links"
    print(f"wrote {built.pages} pages ({built.files} files) into {args.out}, with {links}")
    return 0


def render(args) -> int:
    """Every public page marked and rendered again into the folder (after an upgrade whose templates changed,
    or a change to a source's name): what a pass would do if every page had changed."""
    paths = public_addresses()
    mark(paths)
    rendered = render_stale()
    print(f"rendered {rendered} of {len(paths)} pages into {settings.RENDERED_ROOT}")
    return 0
