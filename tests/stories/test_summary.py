from dragoman.stories.summary import extractive_summary
from dragoman.stories.text import sentences, words
from tests.stories.articles import FIRE_ALBACETE, FIRE_ALBACETE_OTHER, doc

STORY = [
    doc("a1", "Fire destroys furniture factory in Albacete", FIRE_ALBACETE, source="Wire"),
    doc("a2", "Albacete furniture plant destroyed by overnight blaze", FIRE_ALBACETE_OTHER, hours=5, source="La Tribuna"),
    doc("a3", "Blaze guts Albacete factory", FIRE_ALBACETE.replace(" Nobody was hurt.", ""), hours=6, source="Copy"),
]


def test_sentences_come_from_several_members_each_with_its_source():
    summary = extractive_summary(STORY, sentences=3)
    assert len(summary) == 3
    assert len({s.doc_id for s in summary}) >= 2
    by_id = {d.id: d for d in STORY}
    for s in summary:
        assert s.source == by_id[s.doc_id].source
        assert s.text in by_id[s.doc_id].text  # a sentence of that very article, as written


def test_no_sentence_is_repeated_and_a_wire_copy_is_credited_to_the_first():
    summary = extractive_summary(STORY, sentences=6)
    keys = [" ".join(words(s.text)) for s in summary]
    assert len(keys) == len(set(keys))
    assert "a3" not in {s.doc_id for s in summary}  # every sentence of the copy is the wire's, credited to it


def test_the_lead_of_the_story_comes_first():
    summary = extractive_summary(STORY, sentences=1)
    assert summary[0].text == sentences(FIRE_ALBACETE.split("\n\n")[0])[0]


def test_nothing_to_summarise():
    assert extractive_summary([], sentences=3) == []
    assert extractive_summary([doc("x", "Title", "Too short.")]) == []
    assert extractive_summary(STORY, sentences=0) == []


def _labelled_stories() -> list[list]:
    """The bench's labelled set as stories: each labelled story (compared on its text, then as a translation
    with its original apart), and the whole set's articles as one story growing in steps."""
    import json
    from collections import defaultdict
    from dataclasses import replace
    from datetime import datetime
    from pathlib import Path

    rows = [json.loads(line) for line in (Path(__file__).parents[2] / "bench/stories/labelled.jsonl").read_text().splitlines()]
    stories = defaultdict(list)
    for row in rows:
        for translated in (False, True):
            made = doc(row["id"], row["title"], row["text"], language=row["language"], source=row["source"],
                       original_text=row["text"] if translated else "")  # fmt: skip
            stories[row["story"], translated].append(replace(made, published=datetime.fromisoformat(row["published"])))
    whole = [d for (_, translated), docs in stories.items() if not translated for d in docs]
    return [*stories.values(), *(whole[:n] for n in range(10, len(whole) + 1, 40))]


def test_the_summary_is_the_sentence_by_sentence_computation_to_the_last_bit():
    from tests.support.summary_reference import reference_summary

    stories = [STORY, STORY[:1], *_labelled_stories()]
    for docs in stories:
        for count in (1, 3, 6):
            chosen = [(s.text, s.doc_id, s.source) for s in extractive_summary(docs, sentences=count)]
            assert chosen == reference_summary(docs, sentences=count), [d.id for d in docs]
