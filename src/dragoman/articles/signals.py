"""What the articles app tells the apps above it, without knowing them.

``extracted``: an article was extracted (or extracted again) and goes on to translation, or is set aside
(already in the target language, or in one no engine here translates). Sent once the extraction's transaction
has committed, with ``article_id`` and the ``language`` it is written in. :mod:`dragoman.stories.placing`
hears it, to place an article written in the site's language into a story at once.
"""

from __future__ import annotations

from django.dispatch import Signal

extracted = Signal()
