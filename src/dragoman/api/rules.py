"""/api/v1/rules: filters (keep, block) and rewrite rules (remove, replace), checked as the admin and `dragoman
rules` check them; ids as `rules list` shows them (f3, r5)."""

from django.core.exceptions import ValidationError
from ninja import Router

from dragoman.api.auth import require
from dragoman.api.errors import ApiError, invalid, not_found
from dragoman.api.schemas import Error, FilterIn, RewriteIn, RuleOut, Scope
from dragoman.rules.models import FilterRule, RewriteRule
from dragoman.sources.models import Source

router = Router(tags=["rules"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}


def _out(rule) -> dict:
    if isinstance(rule, FilterRule):
        return {"id": f"f{rule.pk}", "kind": "filter", "scope": rule.scope, "action": rule.action, "field": rule.field,
                "pattern": rule.pattern, "replacement": None, "regex": rule.regex, "enabled": rule.enabled}  # fmt: skip
    remove = rule.kind == RewriteRule.Kind.REMOVE
    return {"id": f"r{rule.pk}", "kind": "rewrite", "scope": rule.scope, "action": rule.kind, "field": None,
            "pattern": rule.selector if remove else rule.old, "replacement": None if remove else rule.new,
            "regex": rule.regex, "enabled": rule.enabled}  # fmt: skip


def _scope(payload: Scope) -> dict:
    if payload.source is not None and payload.domain is not None:
        raise invalid("domain", "domain: give a source or a domain, not both")
    if payload.source is not None:
        source = Source.objects.filter(pk=payload.source).first()
        if source is None:
            raise invalid("source", f"source: no source {payload.source}")
        return {"source": source}
    if payload.domain is not None:
        if not payload.domain.strip():
            raise invalid("domain", "domain: a host name, such as example.com")
        return {"domain": payload.domain.strip()}
    return {}


def _store(rule) -> None:
    """Save ``rule`` (checked on save), or a 400 naming the first field at fault."""
    try:
        rule.save()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        field = {"__all__": "pattern", "selector": "selector", "old": "old"}.get(field, field)
        raise invalid(field, f"{field}: {'; '.join(messages)}") from None


@router.get("/rules", response={200: list[RuleOut], **ERRORS}, summary="Filters and rewrite rules")
def list_rules(request):
    require(request, "rules.view_filterrule", "rules.view_rewriterule")
    return [_out(rule) for model in (FilterRule, RewriteRule) for rule in model.objects.order_by("pk")]


@router.post("/rules/filters", response={201: RuleOut, **ERRORS}, summary="Add a filter")
def add_filter(request, payload: FilterIn):
    require(request, "rules.add_filterrule")
    rule = FilterRule(action=payload.action, field=payload.field, pattern=payload.pattern, regex=payload.regex,
                      note=payload.note, **_scope(payload))  # fmt: skip
    _store(rule)
    return 201, _out(rule)


@router.post("/rules/rewrites", response={201: RuleOut, **ERRORS}, summary="Add a rewrite rule")
def add_rewrite(request, payload: RewriteIn):
    require(request, "rules.add_rewriterule")
    if payload.kind == "remove":
        if payload.regex:
            raise invalid("regex", "regex: goes with replace, not with remove (a CSS selector)")
        rule = RewriteRule(kind="remove", selector=payload.selector, note=payload.note, **_scope(payload))
    else:
        rule = RewriteRule(kind="replace", old=payload.old, new=payload.new, regex=payload.regex, note=payload.note,
                           **_scope(payload))  # fmt: skip
    _store(rule)
    return 201, _out(rule)


@router.delete("/rules/{rule_id}", response={204: None, **ERRORS}, summary="Delete a rule (f3, r5)")
def delete_rule(request, rule_id: str):
    models = {"f": FilterRule, "r": RewriteRule}
    model = models.get(rule_id[:1])
    if model is None or not rule_id[1:].isdigit():
        raise ApiError(404, "not_found", f"no rule {rule_id}: a rule's id is f or r and a number, e.g. f3 or r5")
    require(request, f"rules.delete_{model._meta.model_name}")
    rule = model.objects.filter(pk=int(rule_id[1:])).first()
    if rule is None:
        raise not_found("rule", rule_id)
    rule.delete()
    return 204, None
