"""What the API reads and writes. Inputs refuse fields they do not know (a typo is a 400 naming it)."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StringConstraints

#: A language code as the rest of Dragoman takes it: ISO 639-1 (or -3), optionally with a region or script.
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
Kind = Literal["feed", "sitemap", "page"]
Mode = Literal["full", "lead", "title"]


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


class Error(Schema):
    code: str
    message: str
    field: str | None = None


# --- sources ------------------------------------------------------------------------------------------------


class SourceOut(Schema):
    id: int
    name: str
    url: str
    kind: str
    site_url: str
    source_language: str
    target_languages: list[str]
    engine: str
    mode: str
    priority: int
    since_days: int | None
    poll_minutes: int = Field(validation_alias="poll_interval_minutes")
    enabled: bool
    review: bool
    last_error: str
    created_at: datetime

    @staticmethod
    def resolve_review(source) -> bool:
        return not source.auto_publish


class SourceIn(Input):
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]
    target_languages: Annotated[list[Language], Field(min_length=1)]
    source_language: Language = "en"
    engine: str | None = Field(None, description="an engine, or a fallback chain such as deepl,apertium "
                                                 "(default: DRAGOMAN_DEFAULT_ENGINE)")  # fmt: skip
    name: Annotated[str, StringConstraints(max_length=300)] = ""
    kind: Kind = "feed"
    poll_minutes: int | None = None
    review: bool = False
    mode: Mode | None = None
    priority: int | None = None
    since_days: int | None = None


class SourceChange(Input):
    name: Annotated[str, StringConstraints(max_length=300)] | None = None
    target_languages: Annotated[list[Language], Field(min_length=1)] | None = None
    source_language: Language | None = None
    engine: str | None = None
    poll_minutes: int | None = None
    review: bool | None = None
    enabled: bool | None = None
    mode: Mode | None = None
    priority: int | None = None
    since_days: int | None = None


# --- entries, articles, translations ---------------------------------------------------------------------------


class EntryOut(Schema):
    id: int
    source_id: int
    url: str
    title: str
    state: str
    failed_step: str
    error: str
    feed_published_at: datetime | None
    created_at: datetime


class ArticleOut(Schema):
    id: int
    entry_id: int
    source_id: int
    url: str
    title: str
    subtitle: str
    authors: list
    language: str
    published_at: datetime | None
    site_name: str
    tags: list
    section: str
    story_id: int | None
    translations: list[int]
    extracted_at: datetime

    @staticmethod
    def resolve_source_id(article) -> int:
        return article.entry.source_id

    @staticmethod
    def resolve_language(article) -> str:
        return article.source_language

    @staticmethod
    def resolve_story_id(article) -> int | None:
        member = getattr(article, "story_member", None)
        return member.story_id if member is not None else None

    @staticmethod
    def resolve_translations(article) -> list[int]:
        return [t.pk for t in article.translations.all()]


class ArticleDetail(ArticleOut):
    body_html: str


class TranslationOut(Schema):
    id: int
    article_id: int
    source_id: int
    target_language: str
    engine: str
    engine_label: str
    state: str
    mode: str
    error: str
    title: str
    subtitle: str
    url: str | None
    created_at: datetime
    translated_at: datetime | None
    published_at: datetime | None

    @staticmethod
    def resolve_source_id(translation) -> int:
        return translation.article.entry.source_id

    @staticmethod
    def resolve_url(translation) -> str | None:
        if translation.state != "published":
            return None
        return f"/articles/{translation.pk}/{translation.path_slug}/"


class TranslationDetail(TranslationOut):
    body_html: str
    blocks: list[str] = Field(description="the body's blocks (inner HTML), as PATCH takes them")
    original_blocks: list[str] = Field(description="the original's blocks, paired with them")


class GlossaryPair(Input):
    source: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    target: Annotated[str, StringConstraints(min_length=1, max_length=300)]


class TranslationEdit(Input):
    title: Annotated[str, StringConstraints(max_length=2000)] | None = None
    subtitle: Annotated[str, StringConstraints(max_length=5000)] | None = None
    blocks: list[str] | None = Field(None, description="every block of the body, inner HTML, in order")
    note: Annotated[str, StringConstraints(max_length=300)] = ""
    glossary: list[GlossaryPair] = []


class Rejection(Input):
    note: Annotated[str, StringConstraints(max_length=300)] = ""


class Retranslation(Input):
    engine: str | None = Field(None, description="another engine, usable for the pair")
    full: bool = Field(False, description="translate the whole article (a lead or title translation)")


class CorrectionOut(Schema):
    translation: TranslationDetail
    changed: bool
    learned: int
    skipped: list[str]
    glossary: list[str]


# --- glossary, rules, budgets --------------------------------------------------------------------------------


class TermOut(Schema):
    id: int
    source_language: str
    target_language: str
    source: str = Field(validation_alias="source_term")
    target: str = Field(validation_alias="target_term")
    kind: str
    note: str


TermKind = Literal["person", "place", "organisation", "other"]


class TermIn(Input):
    source_language: Language = "en"
    target_language: Language
    source: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    target: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    kind: TermKind = "other"
    note: Annotated[str, StringConstraints(max_length=300)] = ""


class TermChange(Input):
    target: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)] | None = None
    kind: TermKind | None = None
    note: Annotated[str, StringConstraints(max_length=300)] | None = None


class RuleOut(Schema):
    id: str
    kind: str
    scope: str
    action: str
    field: str | None
    pattern: str
    replacement: str | None
    regex: bool
    enabled: bool


class Scope(Input):
    source: int | None = Field(None, description="the rule holds for this source only")
    domain: str | None = Field(None, description="the rule holds for this host (and its subdomains) only")


class FilterIn(Scope):
    action: Literal["keep", "block"] = "block"
    field: Literal["title", "body", "author", "tags", "url", "language", "length", "age"]
    pattern: Annotated[str, StringConstraints(min_length=1, max_length=1000)]
    regex: bool = False
    note: Annotated[str, StringConstraints(max_length=300)] = ""


class RewriteIn(Scope):
    kind: Literal["remove", "replace"]
    selector: Annotated[str, StringConstraints(max_length=1000)] = ""
    old: Annotated[str, StringConstraints(max_length=1000)] = ""
    new: Annotated[str, StringConstraints(max_length=1000)] = ""
    regex: bool = False
    note: Annotated[str, StringConstraints(max_length=300)] = ""


class BudgetOut(Schema):
    engine: str
    source_id: int | None
    source: str | None
    daily_chars: int | None
    spent_today: int
    left_today: int | None
    monthly_chars: int | None
    spent_this_month: int
    left_this_month: int | None


class BudgetIn(Input):
    engine: str
    source: int | None = None
    daily_chars: int | None = Field(None, description="0 removes the daily limit; absent: left as it is")
    monthly_chars: int | None = Field(None, description="0 removes the monthly limit; absent: left as it is")
    clear: bool = Field(False, description="remove the budget (both limits)")


class EngineOut(Schema):
    engine: str
    usable: bool
    pairs: list[str]
    detail: str
