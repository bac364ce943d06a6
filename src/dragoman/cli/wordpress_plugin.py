"""`dragoman publish wordpress --plugin`: the must-use plugin a WordPress site needs (for
wp-content/mu-plugins/). Needs no database."""

from __future__ import annotations

from importlib.resources import files


def plugin(args) -> int:
    print(files("dragoman.publish").joinpath("wordpress_plugin/dragoman-key.php").read_text(encoding="utf-8"), end="")
    return 0
