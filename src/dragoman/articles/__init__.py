"""Articles: entries found in sources, fetched pages, extracted articles, translations, and the pipeline."""
