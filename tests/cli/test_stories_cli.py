"""`dragoman stories --jsonl`: lines in, one line out each, in order, with the story; a bad line gets its error
line and the others go on. English lines are compared in Spanish through Apertium (installed for the fast
tier)."""

from __future__ import annotations

import json

from dragoman.cli import main
from tests.stories.articles import FIRE_ALBACETE, FIRE_ALBACETE_OTHER, FIRE_VIGO


def line(id, title, text, published="2025-03-03T08:00:00+00:00", language="en", **more) -> str:
    return json.dumps({"id": id, "language": language, "title": title, "text": text, "published": published, **more})


def run(capsys, monkeypatch, lines: list[str], *options: str) -> tuple[int, list[dict], str]:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    status = main(["stories", "--jsonl", *options, "-"])
    out, err = capsys.readouterr()
    return status, [json.loads(x) for x in out.splitlines()], err


def test_lines_in_stories_out_in_order(capsys, monkeypatch):
    lines = [
        line("a1", "Fire destroys furniture factory in Albacete", FIRE_ALBACETE),
        line("v1", "Fire at fish factory in Vigo forces evacuation", FIRE_VIGO, "2025-03-03T10:00:00+00:00"),
        line("a2", "Albacete furniture plant destroyed by overnight blaze", FIRE_ALBACETE_OTHER, "2025-03-03T13:00:00+01:00"),
        line("a3", "Blaze guts Albacete factory", FIRE_ALBACETE, "2025-03-03T14:00:00Z"),
    ]
    status, out, err = run(capsys, monkeypatch, lines, "--compare-in", "es", "--engine", "apertium")
    assert status == 0 and err == ""
    assert [o["id"] for o in out] == ["a1", "v1", "a2", "a3"]
    story = {o["id"]: o["story"] for o in out}
    assert story["a1"] == story["a2"] == story["a3"] != story["v1"]
    assert out[3]["duplicate_of"] == "a1" and "duplicate_of" not in out[1]


def test_a_bad_line_gets_its_error_and_the_others_go_on(capsys, monkeypatch):
    lines = [
        "{oops",
        line("no-zone", "Title", FIRE_VIGO, "2025-03-03T08:00:00"),
        line("bad-date", "Title", FIRE_VIGO, "last Tuesday"),
        json.dumps({"id": "no-text", "language": "en", "title": "T", "published": "2025-03-03T08:00:00Z"}),
        line("french", "Titre", "Du texte.", language="fr"),
        line("ok", "Fire at fish factory in Vigo", FIRE_VIGO),
        line("ok", "The same id again", FIRE_ALBACETE),
    ]
    status, out, err = run(capsys, monkeypatch, lines, "--compare-in", "es")
    assert status == 1 and err.startswith("dragoman: error: 6 of 7 lines failed (the first, line 1: not JSON")
    assert [o.get("reason") for o in out] == ["not_json", "bad_date", "bad_date", "bad_record", "unsupported_language", None, "duplicate_id"]
    assert out[5] == {"id": "ok", "story": "ok"}
    assert out[1]["error"].startswith('"published" has no time zone')
    assert out[3]["error"] == 'lacks "text"' and out[3]["line"] == 4


def test_lines_in_the_comparison_language_are_not_translated(capsys, monkeypatch):
    lines = [line("es1", "Incendio en Vigo", "Un incendio destruyó una conservera en Vigo el lunes, según la Xunta de Galicia.", language="es")]
    status, out, _ = run(capsys, monkeypatch, lines, "--compare-in", "es", "--engine", "no-such-engine")
    assert status == 0 and out == [{"id": "es1", "story": "es1"}]
