"""The names memory: names seen in earlier articles of each language pair and what each became, the names
each article gives, the forms each translation used, and editors' corrections of names offered for the
glossary (Django app; the finding and protecting is :mod:`dragoman.translate.names`, the offering and
deciding of corrections :mod:`dragoman.review.names`)."""
