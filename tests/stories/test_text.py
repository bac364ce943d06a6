from dragoman.stories.text import fold, names, numbers, paragraphs, sentences, shingles, terms


def test_fold_takes_accents_and_capitals_off():
    assert fold("Año ÉXITO Ａ") == "ano exito a"


def test_fold_is_the_character_by_character_fold_on_every_code_point():
    """Marks taken off the whole string by a pattern, ASCII lower-cased: what dropping each character whose
    ``unicodedata.combining`` is not zero, then case-folding, gave; on every code point but surrogates, in
    runs beside their neighbours, with and without ASCII around them."""
    import sys
    import unicodedata

    def reference(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()

    codes = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(codes), 101):
        run = codes[start : start + 101]
        for text in ("".join(run), "A" + " Ab".join(run)):
            assert fold(text) == reference(text), hex(ord(run[0]))
    for text in ("", "Plain ASCII, MIXED case.", "Straße İstanbul ǰ ﬁne ½ 𝐀𝐁 𝅘𝅥𝅮 a\u0301", "مُحَمَّد עִם"):
        assert fold(text) == reference(text)


def test_terms_drop_stop_words_numbers_and_a_plural_s():
    found = terms("The fires destroyed 12 factories in Albacete", "en")
    assert found == {"fire": 1, "destroyed": 1, "factorie": 1, "albacete": 1}
    assert "los" not in terms("Los incendios de Albacete", "es")
    assert terms("Los incendios", "es") == {"incendio": 1}


def test_shingles_are_runs_of_words():
    assert shingles("one two three four five", k=4) == {"one two three four", "two three four five"}
    assert shingles("too short", k=4) == {"too short"}


def test_numbers_lose_their_separators_and_single_digits():
    assert numbers("2,000 people, 2.000 personas, 3 dead, 45% up, a 3-1 win in 1987") == {"2000", "45", "1987"}


def test_names_are_capitalised_runs_not_merely_sentence_initial():
    found = names("Fire in Albacete", "A fire destroyed a factory, mayor Manuel Serrano said on Monday. Nobody was hurt.", "en")
    assert found == {"manuel serrano"}  # a heading in title case is no evidence: "Albacete" only there is not taken
    found = names("Fire in Albacete", "A fire destroyed a factory in Albacete. Nobody was hurt.", "en")
    assert found == {"albacete"}
    assert names("Incendio en Albacete", "El alcalde de Albacete, Manuel Serrano, habló el lunes.", "es") == {"albacete", "manuel serrano"}


def test_paragraphs_and_sentences():
    text = "First one. Mr. Smith said so.\n\nSecond paragraph here! ¿Y esto? Sí."
    assert paragraphs(text) == ["First one. Mr. Smith said so.", "Second paragraph here! ¿Y esto? Sí."]
    assert sentences(paragraphs(text)[0]) == ["First one.", "Mr. Smith said so."]
    assert sentences(paragraphs(text)[1]) == ["Second paragraph here!", "¿Y esto?", "Sí."]
