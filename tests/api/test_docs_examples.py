"""Every curl example of docs/api.md, run in order against `dragoman serve` (the demo feed as $FEED)."""

import json
import os
import re
import subprocess

import pytest

from tests.support.cluster import REPO

pytestmark = pytest.mark.slow  # a server and the pipeline in processes of their own


def examples() -> list[str]:
    text = (REPO / "docs" / "api.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    return [block for block in blocks if not block.startswith("export ")]


def test_every_curl_example_of_the_api_docs_works(newsroom, demo_site):
    env = {**os.environ, "DRAGOMAN": newsroom.url, "TOKEN": newsroom.tokens["boss"], "FEED": demo_site.feed_url}
    found = examples()
    assert len(found) >= 15
    for block in found:
        assert block.lstrip().startswith("curl "), block
        result = subprocess.run(["bash", "-c", block], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, f"{block}\n{result.stderr}"
        answer = json.loads(result.stdout)
        if "-fsS" not in block:  # an example of a refusal: the field is named
            assert answer["code"] == "invalid" and answer["field"] == "poll_minutes", answer
    with newsroom.client() as api:  # what the examples did stands
        assert api.get("/translations/1").json()["state"] == "published"
        assert api.get("/translations/2").json()["state"] == "rejected"
        assert api.get("/translations/3").json()["engine"] == "apertium"
        assert api.get("/sources/1").json()["priority"] == 5
