"""The API as a newsroom's tools use it: a real HTTP client against `dragoman serve`, signed with tokens made by
`dragoman tokens create`, over a database the pipeline filled (the demo site's feed, held for review)."""

import pytest

pytestmark = pytest.mark.slow  # a server and the pipeline in processes of their own


def assert_refused(response, status: int, code: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code and body["message"], body
    if field is not None:
        assert body["field"] == field and field in body["message"], body
    return body


def test_sources_are_listed_added_changed_disabled_and_kept_while_published(newsroom, demo_site):
    api = newsroom.client()
    (source,) = api.get("/sources").json()
    assert source["url"] == demo_site.feed_url and source["review"] is True and source["engine"] == "test-upper"
    assert api.get(f"/sources/{source['id']}").json() == source

    oldest = api.get("/articles", params={"page_size": 200}).json()["results"][-1]
    added = api.post("/sources", json={"url": oldest["url"], "kind": "page", "target_languages": ["es"],
                                       "engine": "test-upper", "name": "One page", "since_days": 0})
    assert added.status_code == 201, added.text
    new = added.json()
    assert (new["name"], new["kind"], new["since_days"], new["review"]) == ("One page", "page", None, False)
    again = api.post("/sources", json={"url": oldest["url"], "kind": "page", "target_languages": ["es"], "engine": "test-upper"})
    assert again.status_code == 200 and again.json()["id"] == new["id"]  # the same address: updated, not doubled
    assert api.delete(f"/sources/{new['id']}").status_code == 204  # nothing of it published: it goes
    assert_refused(api.get(f"/sources/{new['id']}"), 404, "not_found")

    changed = api.patch(f"/sources/{source['id']}", json={"priority": 5, "poll_minutes": 15, "mode": "lead"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["priority"], changed.json()["poll_minutes"], changed.json()["mode"]) == (5, 15, "lead")
    assert api.post(f"/sources/{source['id']}/disable").json()["enabled"] is False
    assert api.patch(f"/sources/{source['id']}", json={"enabled": True}).json()["enabled"] is True
    assert_refused(api.get("/sources/999999"), 404, "not_found")


@pytest.mark.parametrize(("body", "field"), [
    ({"url": "ftp://example.com/feed", "target_languages": ["es"]}, "url"),
    ({"url": "http://127.0.0.1:9/feed.xml", "target_languages": ["es"], "engine": "test-upper"}, "url"),
    ({"url": "https://example.com/feed", "target_languages": []}, "target_languages"),
    ({"url": "https://example.com/feed", "target_languages": ["Spanish!"]}, "target_languages.0"),
    ({"url": "https://example.com/feed", "target_languages": ["es"], "source_language": "x"}, "source_language"),
    ({"url": "https://example.com/feed", "target_languages": ["es"], "engine": "no-such-engine"}, "engine"),
    ({"url": "https://example.com/feed", "target_languages": ["es"], "engine": " , "}, "engine"),
    ({"url": "https://example.com/feed", "target_languages": ["es"], "name": "x" * 301}, "name"),
    ({"url": "https://example.com/feed", "target_languages": ["es"], "kind": "podcast"}, "kind"),
    ({"url": "https://example.com/feed", "target_languages": ["es"], "engine": "test-upper", "poll_minutes": 0}, "poll_minutes"),
    ({"url": "https://example.com/feed", "target_languages": ["es"], "review": "perhaps"}, "review"),
    ({"url": "https://example.com/feed", "target_languages": ["es"], "mode": "most"}, "mode"),
    ({"url": "https://example.com/feed", "target_languages": ["es"], "priority": "high"}, "priority"),
    ({"url": "https://example.com/feed", "target_languages": ["es"], "engine": "test-upper", "since_days": -1}, "since_days"),
    ({"url": "https://example.com/feed", "target_languages": ["es"], "colour": "red"}, "colour"),
])  # fmt: skip
def test_a_bad_field_of_a_new_source_is_named_and_nothing_is_stored(newsroom, body, field):
    api = newsroom.client()
    before = api.get("/sources").json()
    assert_refused(api.post("/sources", json=body), 400, "invalid", field)
    assert api.get("/sources").json() == before


@pytest.mark.parametrize(("body", "field"), [
    ({"engine": "no-such-engine"}, "engine"), ({"target_languages": ["xx"]}, "engine"), ({"poll_minutes": 0}, "poll_minutes"),
    ({"since_days": -3}, "since_days"), ({"mode": "all"}, "mode"), ({"priority": 1.5}, "priority"), ({"enabled": "no way"}, "enabled"),
    ({"review": None}, "review"), ({"name": None}, "name"), ({"source_language": "Latin"}, "source_language"), ({}, "body"),
    ({"url": "https://elsewhere.example/"}, "url"),
])  # fmt: skip
def test_a_bad_change_to_a_source_is_named_and_changes_nothing(newsroom, body, field):
    api = newsroom.client()
    (source, *_) = api.get("/sources").json()
    assert_refused(api.patch(f"/sources/{source['id']}", json=body), 400, "invalid", field)
    assert api.get(f"/sources/{source['id']}").json() == source


def test_entries_articles_and_translations_filter_by_state_source_language_story_and_date(newsroom):
    api = newsroom.client()
    (source, *_) = api.get("/sources").json()
    entries = api.get("/entries", params={"source": source["id"], "state": "extracted", "page_size": 200}).json()["results"]
    assert len(entries) == 16 and all(e["state"] == "extracted" for e in entries)
    assert api.get("/entries", params={"state": "failed"}).json()["results"] == []
    assert api.get(f"/entries/{entries[0]['id']}").json()["url"] == entries[0]["url"]

    articles = api.get("/articles", params={"source": source["id"], "language": "en", "page_size": 200}).json()["results"]
    assert len(articles) == 16 and [a["id"] for a in articles] == sorted((a["id"] for a in articles), reverse=True)
    assert api.get("/articles", params={"language": "de"}).json()["results"] == []
    one = api.get(f"/articles/{articles[0]['id']}").json()
    assert one["body_html"].startswith("<") and one["translations"]
    dated = sorted(a["published_at"] for a in articles if a["published_at"])
    middle = dated[len(dated) // 2]
    later = api.get("/articles", params={"since": middle, "page_size": 200}).json()["results"]
    earlier = api.get("/articles", params={"until": middle, "page_size": 200}).json()["results"]
    assert {a["id"] for a in later} | {a["id"] for a in earlier} >= {a["id"] for a in articles if a["published_at"]}
    assert all(a["published_at"] >= middle for a in later) and all(a["published_at"] < middle for a in earlier)
    story = next((a["story_id"] for a in articles if a["story_id"]), None)
    if story is not None:
        members = api.get("/articles", params={"story": story}).json()["results"]
        assert members and all(a["story_id"] == story for a in members)
    assert api.get("/articles", params={"story": 999999}).json()["results"] == []

    held = api.get("/translations", params={"state": "review", "language": "es", "page_size": 200}).json()["results"]
    assert len(held) >= 8 and all(t["state"] == "review" and t["url"] is None for t in held)
    assert_refused(api.get("/translations", params={"state": "lost"}), 400, "invalid", "state")
    assert_refused(api.get("/articles", params={"since": "yesterday"}), 400, "invalid", "since")
    assert_refused(api.get("/articles", params={"cursor": "not-a-cursor"}), 400, "invalid", "cursor")


def test_pages_stay_stable_while_new_articles_arrive(newsroom, demo_site):
    api = newsroom.client()
    first = api.get("/articles", params={"page_size": 5}).json()
    before = {a["id"] for a in api.get("/articles", params={"page_size": 200}).json()["results"]}
    # a new article arrives between two pages: one of the demo site's pages, added as a source of its own
    page_url = api.get(f"/articles/{first['results'][0]['id']}").json()["url"]
    newsroom.dragoman("sources", "add", page_url, "--kind", "page", "--to", "es", "--engine", "test-upper")
    newsroom.dragoman("run", "--once")
    seen, page = [a["id"] for a in first["results"]], first
    while page["next"]:
        page = api.get(page["next"]).json()  # the next page's address, its cursor in it
        seen += [a["id"] for a in page["results"]]
    assert len(seen) == len(set(seen)) and set(seen) == before  # none twice, none lost, the new one not inside
    newest = api.get("/articles", params={"page_size": 5}).json()["results"][0]
    assert newest["id"] not in before and newest["url"] == page_url


def test_an_editor_corrects_approves_rejects_and_retranslates_through_the_api(newsroom):
    editor = newsroom.client("ed")
    held = editor.get("/translations", params={"state": "review", "page_size": 200}).json()["results"]
    first, second, third = held[0]["id"], held[1]["id"], held[2]["id"]
    detail = editor.get(f"/translations/{first}").json()
    assert len(detail["blocks"]) == len(detail["original_blocks"]) > 0

    blocks = list(detail["blocks"])
    blocks[0] = "CORRECTED BY AN EDITOR."
    edited = editor.patch(f"/translations/{first}", json={"title": "A CORRECTED TITLE", "blocks": blocks, "note": "api"})
    assert edited.status_code == 200, edited.text
    assert edited.json()["changed"] is True and edited.json()["translation"]["blocks"][0] == "CORRECTED BY AN EDITOR."
    for body, field in (({"blocks": blocks[:-1]}, "blocks"), ({"title": 5}, "title"), ({"glossary": [{"source": ""}]}, "glossary.0.source"),
                        ({"note": "x" * 301}, "note"), ({"blocks": "one"}, "blocks"), ({"subtitle": ["a"]}, "subtitle")):  # fmt: skip
        assert_refused(editor.patch(f"/translations/{first}", json=body), 400, "invalid", field)
    assert editor.get(f"/translations/{first}").json() == edited.json()["translation"]

    approved = editor.post(f"/translations/{first}/approve")
    assert approved.status_code == 200 and approved.json()["state"] == "published"
    assert newsroom.client(None).get(f"{newsroom.url}{approved.json()['url']}").status_code == 200
    assert_refused(editor.post(f"/translations/{first}/approve"), 409, "conflict")

    assert editor.post(f"/translations/{second}/reject", json={"note": "off topic"}).json()["state"] == "rejected"
    assert_refused(editor.post(f"/translations/{second}/reject", json={"note": 3}), 400, "invalid", "note")

    assert_refused(editor.post(f"/translations/{third}/retranslate", json={"engine": "no-such"}), 400, "invalid", "engine")
    assert_refused(editor.post(f"/translations/{third}/retranslate", json={}), 400, "invalid", "engine")
    assert_refused(editor.post(f"/translations/{third}/retranslate", json={"engine": "test-upper"}), 409, "conflict", "engine")
    again = editor.post(f"/translations/{third}/retranslate", json={"engine": "apertium"})
    assert again.status_code == 202, again.text
    assert (again.json()["state"], again.json()["engine"]) == ("pending", "apertium")
    newsroom.dragoman("run", "--once")
    redone = editor.get(f"/translations/{third}").json()
    assert (redone["state"], redone["engine_label"]) == ("review", "Apertium") and redone["title"] != redone["title"].upper()

    # a source with published translations is not deleted (they would leave the site); one without is
    (source, *_) = editor.get("/translations", params={"state": "published"}).json()["results"]
    assert_refused(newsroom.client().delete(f"/sources/{source['source_id']}"), 409, "conflict")
    assert newsroom.client().get(f"/translations/{first}").json()["state"] == "published"


def test_permissions_follow_the_user_and_a_read_only_token_only_reads(newsroom):
    held = newsroom.client().get("/translations", params={"state": "review"}).json()["results"][0]["id"]
    read_only, nobody, editor = newsroom.client("boss-ro"), newsroom.client("nobody"), newsroom.client("ed")
    assert read_only.get("/sources").status_code == 200
    assert_refused(read_only.post(f"/translations/{held}/approve"), 403, "read_only_token")
    assert_refused(read_only.post("/glossary", json={"target_language": "es", "source": "A", "target": "B"}), 403, "read_only_token")
    assert_refused(nobody.post(f"/translations/{held}/approve"), 403, "forbidden")
    assert_refused(nobody.get("/translations"), 403, "forbidden")
    assert_refused(editor.get("/sources"), 403, "forbidden")  # the Editors group reviews; it does not run sources
    assert_refused(editor.delete("/glossary/1"), 403, "forbidden")
    assert newsroom.client().get(f"/translations/{held}").json()["state"] == "review"
    assert_refused(newsroom.client(None).get("/sources"), 401, "unauthorized")


def test_glossary_rules_budgets_status_costs_and_engines(newsroom):
    api = newsroom.client()
    term = api.post("/glossary", json={"target_language": "es", "source": "Ledger", "target": "Libro", "kind": "organisation"})
    assert term.status_code == 201, term.text
    for body, field in (({"target_language": "es", "source": "", "target": "B"}, "source"), ({"target_language": "es", "source": "A"}, "target"),
                        ({"target_language": "es", "source": "A", "target": "B", "kind": "thing"}, "kind"),
                        ({"target_language": "en", "source": "A", "target": "B"}, "target_language")):  # fmt: skip
        assert_refused(api.post("/glossary", json=body), 400, "invalid", field)
    assert api.patch(f"/glossary/{term.json()['id']}", json={"target": "El Libro"}).json()["target"] == "El Libro"
    assert_refused(api.patch(f"/glossary/{term.json()['id']}", json={"kind": "x"}), 400, "invalid", "kind")
    assert [t["source"] for t in api.get("/glossary", params={"target_language": "es"}).json()] == ["Ledger"]
    assert api.delete(f"/glossary/{term.json()['id']}").status_code == 204
    assert api.get("/glossary").json() == []

    block = api.post("/rules/filters", json={"field": "title", "pattern": "horoscope"})
    assert block.status_code == 201 and block.json()["id"].startswith("f")
    assert_refused(api.post("/rules/filters", json={"field": "title", "pattern": "(unclosed", "regex": True}), 400, "invalid", "pattern")
    assert_refused(api.post("/rules/filters", json={"field": "mood", "pattern": "x"}), 400, "invalid", "field")
    assert_refused(api.post("/rules/filters", json={"field": "title", "pattern": "x", "source": 999999}), 400, "invalid", "source")
    rewrite = api.post("/rules/rewrites", json={"kind": "remove", "selector": "div.advert"})
    assert rewrite.status_code == 201, rewrite.text
    assert_refused(api.post("/rules/rewrites", json={"kind": "remove", "selector": "div[["}), 400, "invalid", "selector")
    assert {r["id"] for r in api.get("/rules").json()} == {block.json()["id"], rewrite.json()["id"]}
    assert api.delete(f"/rules/{block.json()['id']}").status_code == 204
    assert_refused(api.delete("/rules/zz"), 404, "not_found")

    budget = api.put("/budgets", json={"engine": "test-upper", "daily_chars": 100000})
    assert budget.status_code == 200 and budget.json()["daily_chars"] == 100000
    for body, field in (({"engine": "nope", "daily_chars": 1}, "engine"), ({"engine": "test-upper", "daily_chars": -1}, "daily_chars"),
                        ({"engine": "test-upper"}, "daily_chars"), ({"engine": "test-upper", "source": 999999, "daily_chars": 5}, "source"),
                        ({"engine": "test-upper", "clear": True, "daily_chars": 5}, "clear")):  # fmt: skip
        assert_refused(api.put("/budgets", json=body), 400, "invalid", field)
    assert [b["engine"] for b in api.get("/budgets").json()] == ["test-upper"]
    assert api.put("/budgets", json={"engine": "test-upper", "clear": True}).status_code == 204

    status = api.get("/status").json()
    assert status["entries"]["extracted"] >= 16 and "review" in status["translations"]
    costs = api.get("/costs").json()
    assert {"engines", "budgets", "waiting"} <= costs.keys()
    engines = {e["engine"]: e for e in api.get("/engines").json()}
    assert engines["test-upper"]["usable"] and "en->es" in engines["test-upper"]["pairs"]
    assert_refused(api.get("/no-such-endpoint"), 404, "not_found")
