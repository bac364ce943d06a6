"""An editor's correction of a name, offered for the glossary.

When an editor changes the form a name took in a translation (the review queue keeps the forms each
translation used, :class:`~dragoman.names.models.TranslationNames`), the change is recognised word by word
and kept as a :class:`~dragoman.names.models.NameCorrection` offered on the review page. Accepted, it becomes
the glossary's term for the pair and the names memory's form (origin ``editor``): from then on every
article of the pair spells the name that way. Dismissed, nothing changes.
"""

from __future__ import annotations

import difflib
import re

from django.db import transaction
from django.utils import timezone
from lxml import html as lxml_html

from dragoman.articles.models import GlossaryTerm
from dragoman.names.memory import DatabaseNames
from dragoman.names.models import NameCorrection, TranslationNames

_TOKEN = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*|[^\w\s]", re.UNICODE)


def _text(fragment: str) -> str:
    if not fragment or not fragment.strip():
        return ""
    return lxml_html.fragment_fromstring(fragment, create_parent="div").text_content()


def changed_forms(forms: dict[str, str], old: str, new: str) -> list[tuple[str, str, str]]:
    """``(name, old form, new form)`` for each name whose form, in ``old`` text, an edit replaced in ``new``:
    the words between what the edit kept on either side of the form."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    blocks = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False).get_matching_blocks()
    found: list[tuple[str, str, str]] = []
    for name, form in forms.items():
        wanted = _TOKEN.findall(form)
        size = len(wanted)
        if not size or _occurrences(new_tokens, wanted) >= _occurrences(old_tokens, wanted):
            continue
        for i in range(len(old_tokens) - size + 1):
            if old_tokens[i : i + size] != wanted:
                continue
            j = i + size
            start = max([0] + [b + min(n, i - a) for a, b, n in blocks if a < i])
            end = min([len(new_tokens)] + [b + max(0, j - a) for a, b, n in blocks if a + n > j and n])
            replacement = _join(new_tokens[start:end]) if start < end else ""
            if replacement and any(ch.isalpha() for ch in replacement) and replacement != form:
                found.append((name, form, replacement))
                break
    return list(dict.fromkeys(found))


def _occurrences(tokens: list[str], wanted: list[str]) -> int:
    size = len(wanted)
    return sum(1 for i in range(len(tokens) - size + 1) if tokens[i : i + size] == wanted)


def _join(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        if out and (token[0].isalnum() or token in "(«“¿¡"):
            out += " "
        out += token
    return out.strip()


def offer(translation, before: dict[str, str]) -> list[NameCorrection]:
    """Offer for the glossary each name an editor's correction gave another form (``before``: the title,
    subtitle and body the translation had)."""
    row = TranslationNames.objects.filter(translation=translation).first()
    if row is None or not row.forms:
        return []
    pairs = [
        (before.get("title", ""), translation.title),
        (before.get("subtitle", ""), translation.subtitle),
        (_text(before.get("body", "")), _text(translation.body_html)),
    ]
    offered = []
    for old, new in pairs:
        if old == new:
            continue
        for name, old_form, new_form in changed_forms(row.forms, old, new):
            correction, created = NameCorrection.objects.get_or_create(
                translation=translation, name=name, new_form=new_form, defaults={"old_form": old_form}
            )
            if created:
                offered.append(correction)
    return offered


def accept(correction: NameCorrection, editor=None):
    """The correction becomes the pair's glossary term and the names memory's form; returns the term."""
    translation = correction.translation
    source, target = translation.article.source_language, translation.target_language
    with transaction.atomic():
        term, _ = GlossaryTerm.objects.update_or_create(
            source_language=source, target_language=target, source_term=correction.name,
            defaults={"target_term": correction.new_form, "note": "from an editor's correction in the review queue"},
        )  # fmt: skip
        DatabaseNames().correct(source, target, correction.name, correction.new_form)
        correction.state = NameCorrection.State.ACCEPTED
        correction.editor = editor if editor is not None and getattr(editor, "pk", None) else correction.editor
        correction.decided_at = timezone.now()
        correction.save(update_fields=["state", "editor", "decided_at"])
    return term


def dismiss(correction: NameCorrection, editor=None) -> None:
    correction.state = NameCorrection.State.DISMISSED
    correction.decided_at = timezone.now()
    correction.save(update_fields=["state", "decided_at"])
