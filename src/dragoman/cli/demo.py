"""`dragoman demo`: serve the demo news site, translate it in one pass, and serve the result."""

from __future__ import annotations

import os

from django.conf import settings

from dragoman.cli.common import EXIT_ERROR, CommandError
from dragoman.cli.engines import usable_engine
from dragoman.cli.run import one_pass, print_summary
from dragoman.cli.serve import serve_site, url_host
from dragoman.demosite import DemoSite
from dragoman.sources.models import Source

#: The language the demo news site is written in.
DEMO_LANGUAGE = "en"


def demo(args) -> int:
    engine = usable_engine(args.engine, DEMO_LANGUAGE, args.to)
    if not os.environ.get("DRAGOMAN_SITE_URL"):  # the pages rendered ahead name the address they are served at
        host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host  # every address: named by loopback's
        settings.SITE_URL = os.environ["DRAGOMAN_SITE_URL"] = f"http://{url_host(host)}:{args.port}"
    source_port = args.source_port if args.source_port is not None else args.port + 1
    try:
        site = DemoSite(port=source_port).start()
    except OSError as exc:
        raise CommandError(f"cannot serve the demo source on port {source_port} ({exc.strerror}); use --source-port") from None
    try:
        print(f"demo news site (the source) at {site.base_url}/")
        source, _ = Source.objects.get_or_create(
            url=site.feed_url,
            # the demo's articles are weeks old: no first-import window, every one is translated
            defaults={"source_language": DEMO_LANGUAGE, "target_languages": [args.to], "engine": engine.name, "since_days": None},
        )
        Source.objects.filter(pk=source.pk).update(next_check_at=source.created_at)  # due now
        summary = one_pass(allow=(site.netloc,))  # the demo's own server, and nothing else on loopback
        print_summary(summary)
        if args.no_serve:
            return 0 if not summary.failures else EXIT_ERROR

        def ready(url: str) -> None:
            print(f"translated site at {url}")
            print(f"  source page:  {url}sources/{source.slug}/")
            print(f"  Atom feed:    {url}feeds/atom.xml")
            print(f"  admin:        {url}admin/  (create a user with: .venv/bin/dragoman createadmin)")
            print("Ctrl-C stops everything", flush=True)

        serve_site(args.host, args.port, ready)
    finally:
        site.stop()
    return 0
