import pytest

from tests.api.live import LiveDragoman


@pytest.fixture(scope="module")
def newsroom(demo_site, tmp_path_factory):
    """The demo site's feed added as a source held for review, translated once (test-upper), and served."""
    live = LiveDragoman(tmp_path_factory.mktemp("api-home"), allow=demo_site.netloc)
    try:
        live.start()
        live.dragoman("sources", "add", demo_site.feed_url, "--to", "es", "--engine", "test-upper", "--review",
                      "--since-days", "0")  # fmt: skip
        live.dragoman("run", "--once")
        yield live
    finally:
        live.stop()
