"""The words of the site's own pages and of the attribution block, per target language.

An attribution says, in the reader's language: where the article comes from (site, linked to the
original), who wrote it, when it was first published, that this site does not adopt its views, and which
engine translated it from which language. Languages not listed here fall back to English.
"""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "latest": "Latest translations",
        "sources": "Sources",
        "source": "Source",
        "author": "Author",
        "unknown_author": "not stated by the source",
        "published": "First published",
        "original": "Read the original article",
        "translated_by": "Machine-translated from {source_language} into {target_language} by {engine}.",
        "disclaimer": "This is an automatic translation of an article published by {site}. "
        "This site does not necessarily share the views expressed in it; the original text prevails.",
        "attribution": "About this article",
        "empty": "Nothing has been translated yet.",
        "feed": "Feed of translations",
        "from_source": "Translations from {site}",
        "home": "Home",
        "powered": "Translated and published with {dragoman}",
    },
    "es": {
        "latest": "Últimas traducciones",
        "sources": "Fuentes",
        "source": "Fuente",
        "author": "Autor",
        "unknown_author": "la fuente no lo indica",
        "published": "Publicado originalmente",
        "original": "Leer el artículo original",
        "translated_by": "Traducción automática del {source_language} al {target_language} realizada con {engine}.",
        "disclaimer": "Esta es una traducción automática de un artículo publicado por {site}. "
        "Este sitio no comparte necesariamente las opiniones expresadas en él; prevalece el texto original.",
        "attribution": "Sobre este artículo",
        "empty": "Todavía no se ha traducido nada.",
        "feed": "Canal de traducciones",
        "from_source": "Traducciones de {site}",
        "home": "Inicio",
        "powered": "Traducido y publicado con {dragoman}",
    },
    "fr": {
        "latest": "Dernières traductions",
        "sources": "Sources",
        "source": "Source",
        "author": "Auteur",
        "unknown_author": "non indiqué par la source",
        "published": "Première publication",
        "original": "Lire l’article original",
        "translated_by": "Traduit automatiquement de l’{source_language} vers le {target_language} par {engine}.",
        "disclaimer": "Ceci est une traduction automatique d’un article publié par {site}. "
        "Ce site ne partage pas nécessairement les opinions qui y sont exprimées ; le texte original fait foi.",
        "attribution": "À propos de cet article",
        "empty": "Rien n’a encore été traduit.",
        "feed": "Flux des traductions",
        "from_source": "Traductions de {site}",
        "home": "Accueil",
        "powered": "Traduit et publié avec {dragoman}",
    },
    "ar": {
        "latest": "أحدث الترجمات",
        "sources": "المصادر",
        "source": "المصدر",
        "author": "الكاتب",
        "unknown_author": "لم يذكره المصدر",
        "published": "نُشر أصلاً في",
        "original": "اقرأ المقال الأصلي",
        "translated_by": "ترجمة آلية من {source_language} إلى {target_language} بواسطة {engine}.",
        "disclaimer": "هذه ترجمة آلية لمقال نشره موقع {site}. "
        "لا يتبنى هذا الموقع بالضرورة الآراء الواردة فيه، والنص الأصلي هو المرجع.",
        "attribution": "عن هذا المقال",
        "empty": "لم تُترجم أي مادة بعد.",
        "feed": "خلاصة الترجمات",
        "from_source": "ترجمات من {site}",
        "home": "الرئيسية",
        "powered": "تُرجم ونُشر باستخدام {dragoman}",
    },
}


def phrases(language: str) -> dict[str, str]:
    from dragoman.publish.languages import base_language

    return PHRASES.get(base_language(language), PHRASES["en"])


def powered_by(language: str):
    """The footer line, with the product's Latin name isolated inside right-to-left text."""
    from django.utils.html import format_html

    return format_html(phrases(language)["powered"], dragoman=format_html("<bdi>{}</bdi>", "Dragoman"))
