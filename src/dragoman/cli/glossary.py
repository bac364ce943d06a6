"""`dragoman glossary`: forced translations of names, per language pair: add, import, list."""

from __future__ import annotations

import csv
import io

from django.db import transaction

from dragoman.articles.models import GlossaryTerm
from dragoman.cli.common import CommandError, read_text, write_table

#: The columns of `glossary list` and of the CSV files `glossary import` reads (``kind`` optional there).
COLUMNS = ("source_language", "target_language", "source", "target", "kind")
PAIR_COLUMNS = ("source_language", "target_language", "source", "target")


def add(args) -> int:
    source_term, target_term = args.source_term.strip(), args.target_term.strip()
    if not source_term or not target_term:
        raise CommandError("both terms must be non-empty")
    term, created = GlossaryTerm.objects.update_or_create(
        source_language=args.source_language,
        target_language=args.target,
        source_term=source_term,
        defaults={"target_term": target_term, "kind": args.kind},
    )
    print(f"{'added' if created else 'updated'}: {term}")
    return 0


def import_(args) -> int:
    """CSV with a header row: source_language,target_language,source,target[,kind]; or, with --from and
    --to, just source,target[,kind]. All rows are checked before any is stored."""
    rows = list(csv.DictReader(io.StringIO(read_text(args.file))))
    pair = (args.source_language, args.target) if args.target else None
    needed = ("source", "target") if pair else PAIR_COLUMNS
    if not rows:
        raise CommandError(f"{args.file} has no rows; expected a header row with {','.join(needed)}[,kind]")
    missing = [c for c in needed if c not in rows[0]]
    if missing:
        raise CommandError(f"{args.file} lacks the column(s) {', '.join(missing)}; expected {','.join(needed)}[,kind]")
    kinds = set(GlossaryTerm.Kind.values)
    terms = []
    for number, row in enumerate(rows, 2):
        values = {
            "source_language": (row.get("source_language") or (pair[0] if pair else "")).strip(),
            "target_language": (row.get("target_language") or (pair[1] if pair else "")).strip(),
            "source_term": (row.get("source") or "").strip(),
            "target_term": (row.get("target") or "").strip(),
            "kind": (row.get("kind") or "other").strip().lower(),
        }
        empty = [k for k, v in values.items() if not v]
        if empty:
            raise CommandError(f"{args.file} line {number}: empty {', '.join(empty)}; nothing was imported")
        if values["kind"] not in kinds:
            raise CommandError(f"{args.file} line {number}: kind {values['kind']!r} is not one of {', '.join(sorted(kinds))}; nothing was imported")
        terms.append(values)
    created = 0
    with transaction.atomic():
        for values in terms:
            _, was_created = GlossaryTerm.objects.update_or_create(
                source_language=values["source_language"],
                target_language=values["target_language"],
                source_term=values["source_term"],
                defaults={"target_term": values["target_term"], "kind": values["kind"]},
            )
            created += was_created
    print(f"imported {len(terms)} terms ({created} new, {len(terms) - created} updated)")
    return 0


def list_(args) -> int:
    terms = GlossaryTerm.objects.all()
    if args.source_language:
        terms = terms.filter(source_language=args.source_language)
    if args.target:
        terms = terms.filter(target_language=args.target)
    rows = (
        {"source_language": t.source_language, "target_language": t.target_language, "source": t.source_term,
         "target": t.target_term, "kind": t.kind}  # fmt: skip
        for t in terms
    )
    write_table(rows, COLUMNS, args.format,
                empty_hint="no glossary terms; add one with: dragoman glossary add --from en --to es TERM TRANSLATION")  # fmt: skip
    return 0
