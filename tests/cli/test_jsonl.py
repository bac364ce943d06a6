"""`extract --jsonl` and `translate --jsonl` answer every line, in order, whatever a line holds: the result, or
an error object ``{"id", "line", "error", "reason"}``; one bad line never stops the batch, and the exit status
says whether any line failed. A URL of another scheme than http(s) is refused as such. The pages and paragraphs
are written for these tests (``tests/support/malformed.py``)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from dragoman.cli import main
from dragoman.translate import engines
from dragoman.translate.engines.base import EngineError
from tests.support.cli import one_line_error
from tests.support.engines import UpperCaseEngine
from tests.support.malformed import CLOSING, FRAGMENTS, NOT_AN_ARTICLE, SHAPES, STORY, page

DRAGOMAN = [sys.executable, "-m", "dragoman.cli"]
URL = "https://ledger.example/harbour/quay.html"


def run(home: Path, *args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DRAGOMAN_HOME": str(home), "DRAGOMAN_FETCH_ALLOW": ""}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if cwd is not None and env.get("PYTHONPATH"):  # the same package from another directory
        env["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in env["PYTHONPATH"].split(os.pathsep) if p)
    return subprocess.run(
        [*DRAGOMAN, *args], input=stdin, capture_output=True, text=True, env=env, timeout=300, cwd=cwd
    )


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


#: Lines that are no record, or a record that can't be answered, and the error object each one gets.
BAD_LINES = [
    ("{oops", {"error": "not JSON: Expecting property name enclosed in double quotes", "reason": "not_json"}),
    ("[1, 2]", {"error": 'not a JSON object with an "id"', "reason": "no_id"}),
    ('{"html": "<p>No id.</p>"}', {"error": 'not a JSON object with an "id"', "reason": "no_id"}),
    ('{"id": "no-document"}', {"id": "no-document", "reason": "bad_record"}),
    ('{"id": "number", "html": 42, "text": 42}', {"id": "number", "error": '"html" is not a string', "reason": "bad_record"}),
]


@pytest.mark.slow
def test_extract_jsonl_answers_every_line_in_order(home, tmp_path) -> None:
    records = [{"id": f"shape-{n}", "url": URL, "html": page(shape, URL)} for n, shape in enumerate(SHAPES)]
    records += [
        {"id": "not-an-article", "url": URL, "html": NOT_AN_ARTICLE},
        {"id": "bad-url", "url": "http://[192.0.2.1]/story", "html": page(SHAPES[0], URL)},
        {"id": "url-not-a-string", "url": ["x"], "html": page(SHAPES[0], URL)},
        {"id": "\ud800", "url": URL, "html": page(SHAPES[0], URL).replace("Northern", "North\udfffern")},
    ]
    lines = [json.dumps(r) for r in records]
    lines[3:3] = [line for line, _ in BAD_LINES]  # bad lines among the good ones
    lines.insert(5, "")  # a blank line is no record: skipped
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = run(home, "extract", "--jsonl", str(batch))
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == len(lines) - 1
    by_line = {number: line for number, line in enumerate(lines, 1) if line}
    for (number, line), answer in zip(by_line.items(), answers):
        if "error" in answer:
            assert answer["line"] == number
    good = [a for a in answers if str(a.get("id", "")).startswith("shape-")]
    assert [a["id"] for a in good] == [f"shape-{n}" for n in range(len(SHAPES))]
    for answer in good:
        assert "error" not in answer and all(p in answer["text"] for p in [*STORY, CLOSING]), answer["id"]
    errors = [a for a in answers if "error" in a]
    assert [(a.get("id"), a["reason"]) for a in errors] == [
        (None, "not_json"), (None, "no_id"), (None, "no_id"), ("no-document", "bad_record"), ("number", "bad_record"),
        ("not-an-article", "no_body"), ("bad-url", "bad_url"), ("url-not-a-string", "bad_record"),
    ]  # fmt: skip
    assert "http://[192.0.2.1]/story" in errors[6]["error"]
    assert answers[-1]["id"] == "\ud800" and answers[-1]["title"] == "North\ufffdern quay closes for repairs"
    one_line_error(result, f"8 of {len(answers)} lines failed", "line 4: not JSON")


@pytest.mark.slow
def test_translate_jsonl_answers_every_line_in_order(home) -> None:
    records = [{"id": name, "html": html} for name, html in FRAGMENTS.items()]
    records.append({"id": "plain", "text": "The quay \ud800closes.\n\nThe ferries wait."})
    lines = [json.dumps(r) for r in records]
    lines[2:2] = [line for line, _ in BAD_LINES]
    result = run(home, "translate", "--from", "en", "--to", "es", "--jsonl", "-", stdin="\n".join(lines))
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == len(lines)
    errors = answers[2 : 2 + len(BAD_LINES)]
    for number, ((_, expected), answer) in enumerate(zip(BAD_LINES, errors), 3):
        assert answer == {**({"id": expected["id"]} if "id" in expected else {}), "line": number,
                          "error": expected.get("error", answer["error"]), "reason": expected["reason"]}  # fmt: skip
    assert errors[3]["error"] == 'lacks "html" or "text"'
    translated = answers[:2] + answers[2 + len(BAD_LINES) :]
    assert [a["id"] for a in translated] == [*FRAGMENTS, "plain"]
    for answer, (name, html) in zip(translated, [*FRAGMENTS.items(), ("plain", "")]):
        assert "error" not in answer, answer
        if name == "plain":
            assert answer["text"].count("\n\n") == 1 and "\ufffd" in answer["text"]
            continue
        out = lxml_html.fragment_fromstring(answer["html"], create_parent="div")
        assert out.xpath("//a/@href") == lxml_html.fragment_fromstring(html, create_parent="div").xpath("//a/@href")
    # the paragraph after a stray </html> or </body> is translated too
    assert translated[3]["html"].count("<p>") == 2 and translated[4]["html"].count("<p>") == 2
    one_line_error(result, f"{len(BAD_LINES)} of {len(answers)} lines failed", "line 3: not JSON")


class _TroubledEngine(UpperCaseEngine):
    """Upper-cases, but adds markup of its own to texts that say "broken" and fails on texts that say "outage"."""

    name = "test-troubled"

    def translate_batch(self, texts, source, target, *, markup):
        if any("outage" in text for text in texts):
            raise EngineError("the service is down", retryable=False)
        replies = super().translate_batch(texts, source, target, markup=markup)
        return [reply + "<script>x</script>" if "BROKEN" in reply else reply for reply in replies]


@pytest.mark.django_db
def test_translate_jsonl_goes_on_past_a_line_it_cannot_translate(capsys, monkeypatch) -> None:
    lines = [
        {"id": 1, "html": "<p>The quay closes.</p>"},
        {"id": 2, "html": "<p>The broken fender.</p>"},
        {"id": 3, "text": "A power outage."},
        {"id": 4, "html": "<p>The <i {a}=1>ferries</i> wait.</p></html><p>The end.</p>"},
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(json.dumps(line) for line in lines)))
    engines.register(_TroubledEngine)
    try:
        status = main(["translate", "--from", "en", "--to", "es", "--engine", _TroubledEngine.name, "--jsonl", "-"])
    finally:
        engines.unregister(_TroubledEngine.name)
    out, err = capsys.readouterr()
    answers = [json.loads(line) for line in out.splitlines()]
    # the unit the engine keeps breaking is kept in the original language (a degraded unit, logged), not failed
    assert status == 1 and err.strip().splitlines()[-1] == (
        "dragoman: error: 1 of 4 lines failed (the first, line 3: translation failed: the service is down)"
    )
    assert "added markup" in err and "kept in the original language" in err
    assert answers[0] == {"id": 1, "html": "<p>THE QUAY CLOSES.</p>"}
    assert answers[1]["id"] == 2 and '<p lang="en">The broken fender.' in answers[1]["html"]
    assert answers[2] == {"id": 3, "line": 3, "error": "translation failed: the service is down", "reason": "engine_error"}
    assert answers[3] == {"id": 4, "html": "<p>THE <i>FERRIES</i> WAIT.</p><p>THE END.</p>"}


@pytest.mark.parametrize(
    "url", ["gopher://news.example/1/quay", "ftp://news.example/quay.html", "file:///etc/hostname", "javascript:alert(1)",
            "data:text/html,<p>quay</p>", "FTP://NEWS.EXAMPLE/x"],
)  # fmt: skip
@pytest.mark.slow
def test_a_url_of_another_scheme_is_refused_naming_it(home, url) -> None:
    one_line_error(run(home, "extract", url), f"only http and https URLs are fetched: {url}")
    one_line_error(run(home, "extract", "--jsonl", url), "--jsonl reads JSON lines from a file or standard input, not from a URL")


@pytest.mark.slow
def test_a_file_whose_name_looks_like_a_url_is_still_read(home, tmp_path) -> None:
    (tmp_path / "news:quay.html").write_text(page(SHAPES[0], URL), encoding="utf-8")
    result = run(home, "extract", "--url", URL, "news:quay.html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert CLOSING in json.loads(result.stdout)["text"]
    one_line_error(run(home, "translate", "--from", "en", "--to", "es", "gopher://news.example/x"), "gopher://news.example/x is a URL")
