"""Stories: the same event across sources and languages, grouped; wire copies recognised; a summary per story
(docs/stories.md).

The cores are plain Python (``text``, ``duplicates``, ``grouping``, ``summary``: no Django, held by the
"cores" contract): ``text`` turns an article into what is compared (terms, shingles, names, numbers);
``duplicates`` finds near-duplicates (wire copies) with MinHash and LSH; ``grouping`` places each article in a
story as it arrives (``StoryIndex``); ``summary`` chooses a story's extractive summary.
"""
