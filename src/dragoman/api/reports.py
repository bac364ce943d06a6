"""/api/v1/status, /api/v1/costs, /api/v1/budgets, /api/v1/engines: what `dragoman status --json`, the
spending report, `dragoman budgets` and `dragoman engines` say, as JSON; budgets set as `budgets set` sets them."""

from dataclasses import asdict

from ninja import Router

from dragoman.api.auth import require
from dragoman.api.errors import invalid
from dragoman.api.schemas import BudgetIn, BudgetOut, EngineOut, Error
from dragoman.budgets.limits import BudgetError, all_left, left, set_budget
from dragoman.budgets.report import spending
from dragoman.runtime.status import snapshot
from dragoman.sources.models import Source
from dragoman.translate.engines import EngineUnavailable, availability_report, known_engine

router = Router(tags=["status, costs and budgets"])
ERRORS = {400: Error, 401: Error, 403: Error}


@router.get("/status", response={200: dict, **ERRORS}, summary="What the pipeline is doing (as dragoman status --json)")
def status(request):
    require(request, "articles.view_translation", "articles.view_entry")
    return snapshot().as_json()


@router.get("/costs", response={200: dict, **ERRORS}, summary="Characters and costs per engine and source, budgets, waiting work")
def costs(request):
    require(request, "budgets.view_budget")
    return spending().as_json()


@router.get("/budgets", response={200: list[BudgetOut], **ERRORS}, summary="Budgets, what was spent and what is left")
def list_budgets(request):
    require(request, "budgets.view_budget")
    return [asdict(row) for row in all_left()]


@router.put("/budgets", response={200: BudgetOut, 204: None, **ERRORS}, summary="Set (or clear) a budget's limits")
def set_budget_limits(request, payload: BudgetIn):
    require(request, "budgets.add_budget", "budgets.change_budget", "budgets.delete_budget")
    try:
        known_engine(payload.engine)
    except EngineUnavailable as exc:
        raise invalid("engine", f"engine: {exc}") from None
    if payload.clear and (payload.daily_chars is not None or payload.monthly_chars is not None):
        raise invalid("clear", "clear: removes both limits; give it alone, or set a limit to 0")
    if not payload.clear and payload.daily_chars is None and payload.monthly_chars is None:
        raise invalid("daily_chars", "daily_chars: give daily_chars, monthly_chars (0 removes a limit) or clear")
    for name in ("daily_chars", "monthly_chars"):
        value = getattr(payload, name)
        if value is not None and value < 0:
            raise invalid(name, f"{name}: a number of characters, 0 or more")
    source = None
    if payload.source is not None:
        source = Source.objects.filter(pk=payload.source).first()
        if source is None:
            raise invalid("source", f"source: no source {payload.source}")
    daily = None if payload.clear else (False if payload.daily_chars is None else payload.daily_chars)
    monthly = None if payload.clear else (False if payload.monthly_chars is None else payload.monthly_chars)
    try:
        budget = set_budget(payload.engine, source, daily=daily, monthly=monthly)
    except BudgetError as exc:
        raise invalid("daily_chars", str(exc)) from None
    if budget is None:
        return 204, None
    return 200, asdict(left(budget))


@router.get("/engines", response={200: list[EngineOut], **ERRORS}, summary="Translation engines, plugins included, and whether each is usable here")
def engines(request):
    return [{"engine": name, "usable": usable, "pairs": pairs, "detail": why}
            for name, usable, why, pairs in availability_report()]  # fmt: skip
