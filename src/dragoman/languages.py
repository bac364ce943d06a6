"""Languages as every part of Dragoman needs them: which are written right to left, and the base language of
a code. Plain Python without Django, so the cores (``extract``, ``translate``) and the Django apps
(``publish``) share this one table.
"""

from __future__ import annotations

#: Languages written right to left: Arabic, Aramaic, Central Kurdish (Sorani), Dhivehi, Persian, Hebrew,
#: Kashmiri, Pashto, Sindhi, Uyghur, Urdu, Yiddish. Not ``ku``: Kurdish under that code is mostly Kurmanji,
#: written in Latin letters (CLDR's script for ``ku`` is Latin); Sorani, in Arabic letters, is ``ckb``.
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"})


def base_language(code: str | None) -> str:
    """The language without its region or script, lower case: 'ar-LB' -> 'ar', 'pt_BR' -> 'pt'; '' for none."""
    return (code or "").replace("_", "-").split("-")[0].lower()


def direction(code: str | None) -> str:
    """'rtl' for a language written right to left, else 'ltr' (also for no language)."""
    return "rtl" if base_language(code) in RTL_LANGUAGES else "ltr"
