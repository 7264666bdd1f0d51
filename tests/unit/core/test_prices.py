"""Prices per million tokens: exact arithmetic, rounding half up, tables merged, edited, stored and exported,
and the cost beside each answer and for a conversation."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from plauder.core.exchange import ImportProblem, export_json, parse_export
from plauder.core.prices import Price, PriceTable, amount, cost, money, read_lines, rounded, written_lines
from plauder.core.records import Message, Role, Settings, Usage
from plauder.core.state import ChatState, Part, settings_saved
from plauder.core.tokens import Spent, answer_cost, conversation_cost
from plauder.core.usage_view import answer_usage, conversation_usage
from plauder.core.views import message_view
from tests.unit.fixtures.snapshots import T0, sample_snapshot

MINI = Price(Decimal("0.15"), Decimal("0.60"))


def test_cost_is_exact_decimal_arithmetic() -> None:
    """1,200 prompt and 300 answer tokens at 0.15 / 0.60 per million: 0.00018 + 0.00018, no float residue."""
    assert cost(1_200, 300, MINI) == Decimal("0.00036")
    assert cost(0, 0, MINI) == 0
    assert sum((cost(1, 1, Price(Decimal("0.1"), Decimal("0.2"))) for _ in range(3)), Decimal(0)) == Decimal("9E-7")


@pytest.mark.parametrize(
    ("value", "english", "german"),
    [
        ("0", "0.00 EUR", "0,00 EUR"),
        ("0.125", "0.13 EUR", "0,13 EUR"),  # half up, not to even
        ("0.135", "0.14 EUR", "0,14 EUR"),
        ("1234.5", "1,234.50 EUR", "1.234,50 EUR"),
        ("0.0000184", "0.000018 EUR", "0,000018 EUR"),  # below a cent: two significant digits
        ("0.005", "0.005 EUR", "0,005 EUR"),
        ("0.009996", "0.01 EUR", "0,01 EUR"),
        ("0.0000001", "< 0.000001 EUR", "< 0,000001 EUR"),  # never "0" for something that cost
    ],
)
def test_money_rounds_and_reads_in_both_languages(value: str, english: str, german: str) -> None:
    assert money(Decimal(value), "EUR", "en") == english
    assert money(Decimal(value), "EUR", "de") == german


def test_rounding_half_up_below_a_cent() -> None:
    assert rounded(Decimal("0.000125")) == Decimal("0.00013")
    assert rounded(Decimal("0.0000125")) == Decimal("0.000013")


def test_amounts_as_people_and_records_write_them() -> None:
    assert [amount(x) for x in ("0.15", " 0,6 ", 2, "1e2")] == [Decimal("0.15"), Decimal("0.6"), 2, 100]
    assert [amount(x) for x in ("-1", "NaN", "Infinity", "", "abc", True, None, [1])] == [None] * 8


def test_user_prices_over_the_admins_keep_the_admins_currency() -> None:
    admin = PriceTable("EUR", {"a": MINI, "b": MINI})
    own = PriceTable("USD", {"b": Price(Decimal(1), Decimal(2)), "c": MINI})
    merged = own.over(admin)
    assert merged.currency == "EUR"
    assert merged.models == {"a": MINI, "b": Price(Decimal(1), Decimal(2)), "c": MINI}
    assert own.over(PriceTable()).currency == "USD"
    assert merged.price("c") == MINI and merged.price("z") is None and merged.price(None) is None


def test_table_round_trips_and_drops_what_does_not_read() -> None:
    table = PriceTable("€", {"gpt-4o-mini": MINI, "llama3.2:3b": Price(Decimal(0), Decimal("0.0001"))})
    assert PriceTable.from_record(table.to_record()) == table
    assert table.to_record()["models"]["gpt-4o-mini"] == {"prompt": "0.15", "answer": "0.60"}  # strings: exact
    broken = {"currency": 3, "models": {"x": {"prompt": "1"}, "y": "1 2", "z": {"prompt": "-1", "answer": "1"}}}
    assert PriceTable.from_record(broken) == PriceTable()
    assert PriceTable.from_record(None) == PriceTable() and PriceTable.from_record([]) == PriceTable()


def test_settings_keep_prices_and_leave_the_field_out_without_them() -> None:
    """Stored settings read back with their prices; settings without any stay as they were written before."""
    settings = Settings(prices=PriceTable("EUR", {"gpt-4o-mini": MINI}))
    assert Settings.from_record(settings.to_record()) == settings
    assert "prices" not in Settings().to_record()


def test_an_export_carries_the_prices_exactly_and_a_bad_price_refuses_the_file() -> None:
    sample = sample_snapshot()
    priced = replace(sample, settings=replace(sample.settings, prices=PriceTable("EUR", {"gpt-4o-mini": MINI})))
    text = export_json(priced, include_keys=True, exported_at_ms=T0)
    assert json.loads(text)["settings"]["prices"]["models"]["gpt-4o-mini"] == {"prompt": "0.15", "answer": "0.60"}
    assert parse_export(text) == priced
    broken = json.loads(text)
    broken["settings"]["prices"]["models"]["gpt-4o-mini"]["answer"] = 0.6  # a float, not the decimal string
    with pytest.raises(ImportProblem) as caught:
        parse_export(json.dumps(broken))
    assert caught.value.params == {"path": "settings.prices.models.answer"}


def test_new_prices_redraw_the_thread_other_settings_do_not() -> None:
    state = ChatState(Settings())
    assert Part.THREAD in settings_saved(state, Settings(prices=PriceTable("EUR", {"m": MINI}))).draw
    assert settings_saved(state, Settings(default_model="m")).draw == {Part.PICKER}


def test_an_answer_shows_its_cost_and_the_conversation_its_total() -> None:
    """Each answer at its model's price; the total adds them exactly and says how many answers had no price."""
    prices = PriceTable("EUR", {"m": MINI})
    priced = Message("a1", "c", "q", Role.ASSISTANT, "x", 1.0, model="m", usage=Usage(1_200, 300))
    other = replace(priced, id="a2", model="local", usage=Usage(10, 10))
    assert answer_cost(priced, prices) == Decimal("0.00036") and answer_cost(other, prices) is None
    assert answer_usage("en", priced, prices) == "1,200 prompt + 300 answer tokens · 0.00036 EUR"
    assert answer_usage("de", priced, prices) == "1.200 Eingabe- + 300 Antwort-Tokens · 0,00036 EUR"
    assert answer_usage("en", other, prices) == "10 prompt + 10 answer tokens"
    twice = replace(priced, id="a3")
    assert conversation_cost([priced, twice, other], prices) == Spent(Decimal("0.00072"), 2, 1)
    line = conversation_usage("en", [priced, twice, other], prices)
    assert line.endswith("They cost 0.00072 EUR. Answers of models without a price: 1.")
    assert "cost" not in conversation_usage("en", [other], prices)
    view = message_view("en", priced, is_last=True, busy=False, prices=prices)
    assert view.usage.endswith("0.00036 EUR")


def test_the_settings_box_reads_one_model_a_line_and_names_the_lines_it_cannot_read() -> None:
    text = "gpt-4o-mini 0.15 0.60\n\nllama3.2:3b 0 0\nno prices here\nx 1 y\n  qwen 1,5 2  "
    read = read_lines(text)
    assert read.models == {
        "gpt-4o-mini": MINI,
        "llama3.2:3b": Price(Decimal(0), Decimal(0)),
        "qwen": Price(Decimal("1.5"), Decimal(2)),
    }
    assert read.unreadable == (4, 5)
    assert read_lines(written_lines(read.models)) == type(read)(read.models, ())
    assert written_lines(read.models).splitlines()[0] == "gpt-4o-mini 0.15 0.60"
