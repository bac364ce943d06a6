"""What characters cost: :func:`cost` prices characters sent to an engine by its :class:`EnginePrice`
(for ``dragoman status``, ``/metrics``, the admin and the benchmarks)."""

from __future__ import annotations

from decimal import Decimal

from dragoman.budgets.models import EnginePrice

MILLION = Decimal(1_000_000)


def prices() -> dict[str, EnginePrice]:
    """Every engine's price, by engine name."""
    return {price.engine: price for price in EnginePrice.objects.all()}


def cost(engine: str, characters: int, *, known: dict[str, EnginePrice] | None = None) -> Decimal | None:
    """What ``characters`` sent to ``engine`` cost, in its price's currency (rounded to 1/10,000); None when
    the engine has no price. ``known``: the prices already read (:func:`prices`), to spare a query."""
    price = (known if known is not None else prices()).get(engine)
    if price is None:
        return None
    return (price.per_million * Decimal(characters) / MILLION).quantize(Decimal("0.0001"))


def currency(engine: str, *, known: dict[str, EnginePrice] | None = None) -> str | None:
    price = (known if known is not None else prices()).get(engine)
    return None if price is None else price.currency
