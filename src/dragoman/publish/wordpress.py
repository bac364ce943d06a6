"""Publishing a translation as a WordPress post, through the REST API with an application password.

What a post carries: the translated title, the body followed by the attribution block (source site linked to
the original, author, original date and time, disclaimer, engine) in the target language, an excerpt, the
target's status, an author (mapped from the byline or the source), categories and tags (created when the
site lacks them), and the lead image uploaded as the featured image with its translated caption.

Idempotent, also across crashes. Every post carries a key in its ``dragoman_key`` meta field,
``dragoman-<installation>-<translation id>``, written in the same request that creates the post. Before
creating, the publisher asks the site for that key (``GET /wp-json/dragoman/v1/lookup``, added by the
must-use plugin shipped in ``wordpress_plugin/``); so if Dragoman stopped after WordPress created the post
but before the :class:`~dragoman.publish.models.Publication` row was written, the next run finds the post
and updates it. The featured image is keyed the same way (with the image's hash), so it is uploaded once.

Updates change title, content, excerpt, author, image, and add categories and tags; they never change the
status, which belongs to the site's editors once the post exists. A post an editor moved to the trash is
left there: publishing it again is refused with a message, not answered with a new post.

All HTTP goes through :func:`dragoman.fetch.http_client`, allowed to reach the configured site even when it
is on the operator's own network.
"""

from __future__ import annotations

import hashlib
import html
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path

import httpx
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from lxml import html as lxml_html

from dragoman.articles.models import Translation
from dragoman.fetch import FetchError, http_client
from dragoman.publish.attribution import attribution_for, image_credit
from dragoman.publish.languages import direction
from dragoman.publish.models import Publication, WordPressTarget
from dragoman.publish.partial import partial_context
from dragoman.publish.phrases import phrases

log = logging.getLogger(__name__)

PLUGIN_FILE = Path(__file__).resolve().parent / "wordpress_plugin" / "dragoman-key.php"
#: Longest excerpt, in characters, when the translation has no standfirst to use.
EXCERPT_CHARS = 300
#: Largest reply read from the site (a REST answer, not a download).
MAX_REPLY_BYTES = 8 * 1024 * 1024


class WordPressError(Exception):
    """A publication that did not happen; ``retryable`` when trying later may help (network, 5xx, 429)."""

    def __init__(self, message: str, *, retryable: bool = False):
        super().__init__(message)
        self.retryable = retryable


class PluginMissing(WordPressError):
    """The site lacks Dragoman's must-use plugin, without which a crash could leave a duplicate post."""


class WordPressClient:
    """The few REST calls the publisher makes, with WordPress's errors turned into :class:`WordPressError`."""

    def __init__(
        self,
        site_url: str,
        username: str,
        password: str,
        *,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ):
        if not password:
            raise WordPressError(f"no application password for {site_url}")
        self.site_url = site_url.rstrip("/")
        self.api = f"{self.site_url}/wp-json/"
        self.http = http_client(
            user_agent=settings.USER_AGENT,
            timeout=timeout,
            max_bytes=MAX_REPLY_BYTES,
            allow=[site_url],  # the operator named this site: it may be on their own network
            auth=httpx.BasicAuth(username, password),
            transport=transport,
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> "WordPressClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def call(self, method: str, route: str, **kwargs) -> dict | list:
        """One REST call, ``route`` relative to ``/wp-json/`` (e.g. ``wp/v2/posts``); its JSON reply."""
        try:
            reply = self.http.request(method, self.api + route.lstrip("/"), **kwargs)
        except (httpx.HTTPError, FetchError) as exc:
            raise WordPressError(f"{method} {route}: {exc}", retryable=True) from exc
        try:
            data = reply.json()
        except ValueError:
            data = None
        if reply.is_success and data is not None:
            return data
        code, message = "", reply.reason_phrase
        if isinstance(data, dict):
            code, message = data.get("code", ""), data.get("message", message)
        error = WordPressError(
            f"{method} {route}: HTTP {reply.status_code} {code}: {html.unescape(str(message))}".replace(" :", ":"),
            retryable=reply.status_code >= 500 or reply.status_code == 429,
        )
        error.code, error.status = code, reply.status_code
        raise error

    def lookup(self, key: str) -> list[dict]:
        """Posts and attachments carrying ``key``, oldest first (through the must-use plugin)."""
        try:
            return self.call("GET", "dragoman/v1/lookup", params={"key": key})["found"]
        except WordPressError as exc:
            if getattr(exc, "code", "") == "rest_no_route":
                raise PluginMissing(
                    f"{self.site_url} lacks Dragoman's must-use plugin: copy the file that "
                    "`dragoman publish wordpress --plugin` prints into wp-content/mu-plugins/ on the site"
                ) from None
            raise

    def term_ids(self, taxonomy: str, names: list[str]) -> list[int]:
        """Ids of the categories or tags named, each created when the site lacks it."""
        ids: list[int] = []
        for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
            ids.append(self._term_id(taxonomy, name))
        return ids

    def _term_id(self, taxonomy: str, name: str) -> int:
        for term in self.call("GET", f"wp/v2/{taxonomy}", params={"search": name, "per_page": 100, "context": "view"}):
            if html.unescape(term["name"]).casefold() == name.casefold():
                return term["id"]
        try:
            return self.call("POST", f"wp/v2/{taxonomy}", json={"name": name})["id"]
        except WordPressError as exc:
            if getattr(exc, "code", "") == "term_exists":  # made meanwhile, or found under another spelling
                return self._existing_term(taxonomy, name)
            raise

    def _existing_term(self, taxonomy: str, name: str) -> int:
        slug = name.strip().lower().replace(" ", "-")
        found = self.call("GET", f"wp/v2/{taxonomy}", params={"slug": slug}) or self.call(
            "GET", f"wp/v2/{taxonomy}", params={"search": name}
        )
        if not found:
            raise WordPressError(f"{taxonomy} {name!r} exists on the site but cannot be found")
        return found[0]["id"]

    def upload_media(self, *, filename: str, content: bytes, content_type: str, fields: dict) -> dict:
        """A new attachment from ``content``, with its caption, alt text and meta in the same request."""
        data = {k: v for k, v in fields.items() if k != "meta"}
        for meta_key, value in fields.get("meta", {}).items():
            data[f"meta[{meta_key}]"] = value
        return self.call("POST", "wp/v2/media", files={"file": (filename, content, content_type)}, data=data)


@dataclass
class Outcome:
    """What publishing did: ``created`` a post, or updated the one it found (``found_by_key`` after a crash)."""

    publication: Publication
    post_id: int
    created: bool
    found_by_key: bool
    link: str


class WordPressPublisher:
    """Publishes translations to one :class:`WordPressTarget`."""

    def __init__(self, target: WordPressTarget, *, client: WordPressClient | None = None):
        self.target = target
        self.client = client or WordPressClient(target.site_url, target.username, target.password)

    def close(self) -> None:
        self.client.close()

    def key(self, translation: Translation) -> str:
        return f"dragoman-{self.target.key}-{translation.pk}"

    def publish(self, translation: Translation) -> Outcome:
        translation = Translation.objects.select_related("article__entry__source").get(pk=translation.pk)
        publication = Publication.objects.filter(translation=translation, wordpress=self.target).first()
        key = self.key(translation)

        existing, found_by_key = None, False
        if publication and publication.external_id:
            existing = self._post(int(publication.external_id))
        if existing is None:
            posts = [p for p in self.client.lookup(key) if p["type"] == "post"]
            if posts:
                existing, found_by_key = self._post(posts[0]["id"]), True
        if existing is not None and existing["status"] == "trash":
            raise WordPressError(
                f"post {existing['id']} of translation {translation.pk} is in the trash on {self.target.site_url}: "
                "restore it there, or delete it permanently to publish it again"
            )

        fields = self._fields(translation, key)
        media_id = self._featured_media(translation, key)
        if media_id:
            fields["featured_media"] = media_id
        if existing is None:
            fields["status"] = self.target.status
            post = self.client.call("POST", "wp/v2/posts", json=fields)
        else:
            fields["categories"] = _union(existing.get("categories", []), fields["categories"])
            fields["tags"] = _union(existing.get("tags", []), fields["tags"])
            post = self.client.call("POST", f"wp/v2/posts/{existing['id']}", json=fields)
        publication = self._record(translation, post, media_id)
        return Outcome(publication, post["id"], existing is None, found_by_key, post.get("link", ""))

    # --- the parts of a post -------------------------------------------------------------------------------

    def _post(self, post_id: int) -> dict | None:
        """The post as the site has it now, or None when it was deleted for good."""
        try:
            return self.client.call("GET", f"wp/v2/posts/{post_id}", params={"context": "edit"})
        except WordPressError as exc:
            if getattr(exc, "status", 0) in (404, 410):
                return None
            raise

    def _fields(self, translation: Translation, key: str) -> dict:
        source = translation.article.entry.source
        categories = self.target.category_map.get(source.slug) or self.target.default_categories
        # the operator's tag map first, else the tag as translated with the article (else the original's)
        tags = [self.target.tag_map.get(tag, shown) for shown, tag, _ in translation.shown_tags]
        fields = {
            "title": translation.title,
            "content": post_content(translation),
            "excerpt": excerpt(translation),
            "categories": self.client.term_ids("categories", list(categories)),
            "tags": self.client.term_ids("tags", tags),
            "meta": {"dragoman_key": key},
        }
        author = self._author(translation)
        if author:
            fields["author"] = author
        return fields

    def _author(self, translation: Translation) -> int | None:
        mapping = self.target.author_map
        for name in translation.article.authors:
            if name in mapping:
                return int(mapping[name])
        slug = translation.article.entry.source.slug
        if slug in mapping:
            return int(mapping[slug])
        return self.target.default_author

    def _featured_media(self, translation: Translation, key: str) -> int | None:
        """The lead image's attachment id: the one already uploaded for this image, else a new upload."""
        article = translation.article
        if not article.image_file:
            return None
        path = Path(settings.MEDIA_ROOT) / article.image_file
        try:
            content = path.read_bytes()
        except OSError as exc:
            log.warning("lead image of translation %s not uploaded: %s", translation.pk, exc)
            return None
        image_key = f"{key}:image:{hashlib.sha256(content).hexdigest()[:16]}"
        caption = translation.image_caption or article.image_caption
        alt_text = translation.image_alt or caption or translation.title
        credit = image_credit(article)
        if credit:  # the credit beside the caption, as the built-in site shows it
            caption = " ".join(filter(None, [caption, f"{phrases(translation.target_language)['image_credit']} {credit}"]))
        described = {"caption": caption, "alt_text": alt_text}
        found = [p for p in self.client.lookup(image_key) if p["type"] == "attachment"]
        if found:
            media_id = found[0]["id"]
            self.client.call("POST", f"wp/v2/media/{media_id}", json=described)
            return media_id
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        media = self.client.upload_media(
            filename=path.name,
            content=content,
            content_type=content_type,
            fields={**described, "title": translation.title, "meta": {"dragoman_key": image_key}},
        )
        return media["id"]

    def _record(self, translation: Translation, post: dict, media_id: int | None) -> Publication:
        """The bookkeeping after WordPress answered (a crash before it is what the key lookup recovers from)."""
        now = timezone.now()
        publication, _ = Publication.objects.update_or_create(
            translation=translation,
            wordpress=self.target,
            defaults={
                "target": Publication.Target.WORDPRESS,
                "external_id": str(post["id"]),
                "media_id": str(media_id or ""),
                "url": post.get("link", "")[:2000],
                "updated_at": now,
            },
        )
        return publication


def post_content(translation: Translation) -> str:
    """The post's HTML: the translated body, then the attribution block, in the target language's direction."""
    language = translation.target_language
    return render_to_string(
        "dragoman/wordpress/post.html",
        {
            "translation": translation,
            "original": translation.article,
            "attribution": attribution_for(translation),
            "lang": language,
            "dir": direction(language),
            "partial": partial_context(translation),  # headline-only: said so, with the original's lead
        },
    ).strip()


def excerpt(translation: Translation) -> str:
    """The standfirst, or the body's first words cut at a word boundary."""
    if translation.subtitle:
        return translation.subtitle
    text = ""
    if translation.body_html:
        text = " ".join(lxml_html.fragment_fromstring(translation.body_html, create_parent="div").text_content().split())
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


def _union(first: list[int], second: list[int]) -> list[int]:
    return list(dict.fromkeys([*first, *second]))


def publish_translation(translation: Translation, targets: list[WordPressTarget] | None = None) -> list[Outcome]:
    """Publish one translation to every WordPress target that takes it (or to ``targets``)."""
    outcomes = []
    for target in targets if targets is not None else WordPressTarget.for_translation(translation):
        publisher = WordPressPublisher(target)
        try:
            outcomes.append(publisher.publish(translation))
        finally:
            publisher.close()
    return outcomes
