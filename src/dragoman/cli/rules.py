"""`dragoman rules`: filters (keep, block) and rewrite rules (remove, replace): add, rewrite, list, delete.

A rule is checked as the admin checks it (a bad or too slow pattern, a selector that is not CSS: one line saying
why, nothing stored). Filters and rewrite rules are numbered apart: `rules list` shows them as f3 and r5, and
`rules delete` takes either form (a bare number when only one kind has it).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from dragoman.cli.common import CommandError, write_table
from dragoman.rules.models import FilterRule, RewriteRule
from dragoman.sources.models import Source

COLUMNS = ("id", "kind", "scope", "action", "field", "pattern", "replacement", "regex", "enabled")
_ID = re.compile(r"(?:(f|filter|r|rewrite)[:#-]?)?(\d+)", re.IGNORECASE)


def _scope(args) -> dict:
    """The rule's source or domain from --global, --source ID, --domain D (exactly one, held by the parser)."""
    if args.source is not None:
        source = Source.objects.filter(pk=args.source).first()
        if source is None:
            raise CommandError(f"no source {args.source}; see: dragoman sources list")
        return {"source": source}
    if args.domain is not None:
        if not args.domain.strip():
            raise CommandError("--domain needs a host name, such as example.com")
        return {"domain": args.domain}
    return {}


def _store(rule) -> None:
    """Save ``rule`` (checked on save), or a one-line error saying why it cannot be used."""
    try:
        rule.save()
    except ValidationError as exc:
        problems = [message for messages in exc.message_dict.values() for message in messages]
        raise CommandError("; ".join(problems) + "; nothing was stored") from None


def add(args) -> int:
    rule = FilterRule(action="keep" if args.keep else "block", field=args.field, pattern=args.pattern,
                      regex=args.regex, **_scope(args))  # fmt: skip
    _store(rule)
    print(f"added {rule}")
    return 0


def rewrite(args) -> int:
    if args.remove is not None:
        rule = RewriteRule(kind=RewriteRule.Kind.REMOVE, selector=args.remove, **_scope(args))
    else:
        old, new = args.replace
        rule = RewriteRule(kind=RewriteRule.Kind.REPLACE, old=old, new=new, regex=args.regex, **_scope(args))
    if args.remove is not None and args.regex:
        raise CommandError("--regex goes with --replace, not with --remove (a CSS selector)")
    _store(rule)
    print(f"added {rule}")
    return 0


def _rows():
    for rule in FilterRule.objects.all():
        yield {"id": f"f{rule.pk}", "kind": "filter", "scope": rule.scope, "action": rule.action, "field": rule.field,
               "pattern": rule.pattern, "replacement": None, "regex": rule.regex, "enabled": rule.enabled}  # fmt: skip
    for rule in RewriteRule.objects.all():
        remove = rule.kind == RewriteRule.Kind.REMOVE
        yield {"id": f"r{rule.pk}", "kind": "rewrite", "scope": rule.scope, "action": rule.kind, "field": None,
               "pattern": rule.selector if remove else rule.old, "replacement": None if remove else rule.new,
               "regex": rule.regex, "enabled": rule.enabled}  # fmt: skip


def list_(args) -> int:
    write_table(_rows(), COLUMNS, args.format,
                empty_hint="no rules; add one with: dragoman rules add --global --block title horoscope")  # fmt: skip
    return 0


def delete(args) -> int:
    found = _ID.fullmatch(args.id.strip())
    if not found:
        raise CommandError(f"{args.id!r} is not a rule's id: give it as rules list shows it, e.g. f3 or r5")
    kind, pk = (found.group(1) or "").lower()[:1], int(found.group(2))
    candidates = [model for letter, model in (("f", FilterRule), ("r", RewriteRule)) if kind in ("", letter)]
    rules = [rule for model in candidates for rule in model.objects.filter(pk=pk)]
    if not rules:
        raise CommandError(f"no rule {args.id}; see: dragoman rules list")
    if len(rules) > 1:
        raise CommandError(f"both filter #{pk} and rewrite #{pk} exist: say f{pk} or r{pk}")
    (rule,) = rules
    description = str(rule)
    rule.delete()
    print(f"deleted {description}")
    return 0
