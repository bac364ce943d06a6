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
        "search": "Search",
        "search_label": "Search the translations",
        "results": "Results for “{query}”",
        "no_results": "Nothing found for “{query}”.",
        "bilingual": "Original and translation side by side",
        "image_credit": "Image:",
        "bilingual_title": "Side by side: {title}",
        "original_text": "Original",
        "translation_text": "Translation",
        "back_to_article": "Back to the translation",
        "tag": "Tagged “{tag}”",
        "day": "Published on {day}",
        "language": "Translations into {language}",
        "newer": "Newer",
        "older": "Older",
        "page": "Page {number} of {count}",
        "pages": "Pages",
        "feeds": "Feeds",
        "tags": "Tags",
        "languages": "Languages",
        "review": "Review queue",
        "partial_title": "Only the headline was translated. The article itself is on {site}, in {source_language}.",
        "partial_lead": "Only the headline and the standfirst were translated. The article itself is on {site}, in {source_language}.",
        "original_lead": "How the original begins ({source_language}):",
        "read_original": "Read the full article on {site} ({source_language})",
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
        "search": "Buscar",
        "search_label": "Buscar en las traducciones",
        "results": "Resultados de «{query}»",
        "no_results": "No se encontró nada para «{query}».",
        "bilingual": "Original y traducción, lado a lado",
        "image_credit": "Imagen:",
        "bilingual_title": "Lado a lado: {title}",
        "original_text": "Original",
        "translation_text": "Traducción",
        "back_to_article": "Volver a la traducción",
        "tag": "Etiqueta «{tag}»",
        "day": "Publicado el {day}",
        "language": "Traducciones al {language}",
        "newer": "Más recientes",
        "older": "Anteriores",
        "page": "Página {number} de {count}",
        "pages": "Páginas",
        "feeds": "Canales",
        "tags": "Etiquetas",
        "languages": "Idiomas",
        "review": "Cola de revisión",
        "partial_title": "Solo se ha traducido el titular. El artículo está en {site}, en {source_language}.",
        "partial_lead": "Solo se han traducido el titular y la entradilla. El artículo está en {site}, en {source_language}.",
        "original_lead": "Así empieza el original ({source_language}):",
        "read_original": "Leer el artículo completo en {site} ({source_language})",
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
        "search": "Rechercher",
        "search_label": "Rechercher dans les traductions",
        "results": "Résultats pour « {query} »",
        "no_results": "Aucun résultat pour « {query} ».",
        "bilingual": "Original et traduction côte à côte",
        "image_credit": "Image :",
        "bilingual_title": "Côte à côte : {title}",
        "original_text": "Original",
        "translation_text": "Traduction",
        "back_to_article": "Retour à la traduction",
        "tag": "Mot-clé « {tag} »",
        "day": "Publié le {day}",
        "language": "Traductions en {language}",
        "newer": "Plus récents",
        "older": "Plus anciens",
        "page": "Page {number} sur {count}",
        "pages": "Pages",
        "feeds": "Flux",
        "tags": "Mots-clés",
        "languages": "Langues",
        "review": "File de relecture",
        "partial_title": "Seul le titre a été traduit. L’article lui-même est sur {site}, en {source_language}.",
        "partial_lead": "Seuls le titre et le chapeau ont été traduits. L’article lui-même est sur {site}, en {source_language}.",
        "original_lead": "Le début de l’original ({source_language}) :",
        "read_original": "Lire l’article complet sur {site} ({source_language})",
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
        "search": "بحث",
        "search_label": "ابحث في الترجمات",
        "results": "نتائج البحث عن «{query}»",
        "no_results": "لم يُعثر على شيء عن «{query}».",
        "bilingual": "النص الأصلي والترجمة جنبًا إلى جنب",
        "image_credit": "الصورة:",
        "bilingual_title": "جنبًا إلى جنب: {title}",
        "original_text": "النص الأصلي",
        "translation_text": "الترجمة",
        "back_to_article": "العودة إلى الترجمة",
        "tag": "الوسم «{tag}»",
        "day": "نُشر في {day}",
        "language": "الترجمات إلى {language}",
        "newer": "الأحدث",
        "older": "الأقدم",
        "page": "الصفحة {number} من {count}",
        "pages": "الصفحات",
        "feeds": "الخلاصات",
        "tags": "الوسوم",
        "languages": "اللغات",
        "review": "قائمة المراجعة",
        "partial_title": "لم يُترجم سوى العنوان. المقال نفسه منشور على {site} باللغة {source_language}.",
        "partial_lead": "لم يُترجم سوى العنوان والمقدمة. المقال نفسه منشور على {site} باللغة {source_language}.",
        "original_lead": "بداية النص الأصلي ({source_language}):",
        "read_original": "اقرأ المقال كاملًا على {site} ({source_language})",
    },
}


def phrases(language: str) -> dict[str, str]:
    from dragoman.publish.languages import base_language

    return PHRASES.get(base_language(language), PHRASES["en"])


def powered_by(language: str):
    """The footer line, with the product's Latin name isolated inside right-to-left text."""
    from django.utils.html import format_html

    return format_html(phrases(language)["powered"], dragoman=format_html("<bdi>{}</bdi>", "Dragoman"))


#: The attribution's words, by AttributionTemplate field, from the phrases above.
_ATTRIBUTION_FIELDS = {
    "heading": "attribution",
    "source_label": "source",
    "author_label": "author",
    "unknown_author": "unknown_author",
    "published_label": "published",
    "original_link": "original",
    "translated_by": "translated_by",
    "disclaimer": "disclaimer",
}


def attribution_defaults(language: str) -> dict[str, str]:
    """The shipped words of the attribution block for ``language`` (English for languages not shipped)."""
    words = phrases(language)
    return {field: words[key] for field, key in _ATTRIBUTION_FIELDS.items()}
