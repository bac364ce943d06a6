"""`dragoman budgets set|list` and `dragoman engines price`: limits and prices stored, bad input refused in one
line that names what was wrong."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from dragoman.budgets.models import Budget, EnginePrice
from dragoman.cli import main
from dragoman.sources.models import Source

pytestmark = pytest.mark.django_db


def dragoman(capsys, *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:  # a usage error: argparse exits
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def one_line(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    for word in words:
        assert word in lines[0], lines[0]


def test_set_change_and_clear_budgets(capsys):
    source = Source.objects.create(url="https://news.example/feed.xml", name="Example News", target_languages=["es"])
    status, out, _ = dragoman(capsys, "budgets", "set", "deepl", "--daily-chars", "500,000")
    assert status == 0 and out.strip() == "budget of deepl: daily 500,000 characters (spent today 0, this month 0)"
    assert dragoman(capsys, "budgets", "set", "deepl", "--monthly-chars", "10_000_000")[0] == 0
    assert dragoman(capsys, "budgets", "set", "deepl", "--source", str(source.pk), "--daily-chars", "1000")[0] == 0
    engine_budget = Budget.objects.get(engine="deepl", source=None)
    assert (engine_budget.daily_chars, engine_budget.monthly_chars) == (500_000, 10_000_000)  # the other limit kept

    status, out, _ = dragoman(capsys, "budgets", "list", "--json")
    rows = json.loads(out)
    assert status == 0 and [(r["engine"], r["source_id"], r["daily_chars"], r["left_today"]) for r in rows] == [
        ("deepl", None, 500_000, 500_000), ("deepl", source.pk, 1000, 1000)]  # fmt: skip
    assert rows[1]["source"] == "Example News"
    status, out, _ = dragoman(capsys, "budgets", "list", "--format", "tsv")
    assert out.splitlines()[0].split("\t")[:3] == ["engine", "source_id", "source"] and len(out.splitlines()) == 3

    assert dragoman(capsys, "budgets", "set", "deepl", "--daily-chars", "0")[0] == 0  # 0 removes that limit
    engine_budget.refresh_from_db()
    assert (engine_budget.daily_chars, engine_budget.monthly_chars) == (None, 10_000_000)
    status, out, _ = dragoman(capsys, "budgets", "set", "deepl", "--source", str(source.pk), "--clear")
    assert status == 0 and "no budget for deepl for source" in out
    assert list(Budget.objects.values_list("engine", "source")) == [("deepl", None)]


@pytest.mark.parametrize(
    "args, words",
    [
        (["budgets", "set", "nosuch", "--daily-chars", "5"], ["unknown translation engine 'nosuch'", "known engines:", "deepl"]),
        (["budgets", "set", "deepl", "--daily-chars", "-5"], ["--daily-chars", "cannot be negative"]),
        (["budgets", "set", "deepl", "--monthly-chars", "lots"], ["--monthly-chars", "not a whole number"]),
        (["budgets", "set", "deepl"], ["--daily-chars", "--clear"]),
        (["budgets", "set", "deepl", "--clear", "--daily-chars", "5"], ["--clear"]),
        (["budgets", "set", "deepl", "--source", "999", "--daily-chars", "5"], ["no source with id 999"]),
        (["engines", "price", "nosuch", "20"], ["unknown translation engine 'nosuch'", "known engines:"]),
        (["engines", "price", "deepl", "-3"], ["PRICE_PER_MILLION", "0 or more"]),
        (["engines", "price", "deepl", "twenty"], ["PRICE_PER_MILLION", "not a number"]),
        (["engines", "price", "deepl", "nan"], ["PRICE_PER_MILLION", "0 or more"]),
        (["engines", "price", "deepl", "20", "--currency", "US$"], ["currency"]),
    ],
)
def test_bad_input_is_one_line_naming_it(capsys, args, words):
    status, out, err = dragoman(capsys, *args)
    assert status in (1, 2) and out == ""
    one_line(err, *words)
    assert not Budget.objects.exists() and not EnginePrice.objects.exists()


def test_engine_prices(capsys):
    status, out, _ = dragoman(capsys, "engines", "price", "deepl", "20")
    assert status == 0 and out.strip() == "deepl: 20 USD per million characters"
    assert dragoman(capsys, "engines", "price", "deepl", "7.50", "--currency", "eur")[0] == 0
    price = EnginePrice.objects.get()
    assert (price.engine, price.per_million, price.currency) == ("deepl", Decimal("7.5"), "EUR")
    assert dragoman(capsys, "engines", "price", "apertium", "0")[0] == 0  # a free engine
