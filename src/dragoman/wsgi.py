import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragoman.settings")
application = get_wsgi_application()


def site():
    """What `dragoman serve` runs: the rendered pages from their folder, everything else through Django
    (dragoman.rendered.serving), behind the trusted reverse proxy when one is named."""
    from django.conf import settings

    from dragoman.rendered.rendering import security_headers
    from dragoman.rendered.serving import RenderedSite

    return _behind_proxy(RenderedSite(application, settings.RENDERED_ROOT, security_headers()))


def dynamic():
    """Every page rendered by Django at each request (`dragoman serve --dynamic`)."""
    return _behind_proxy(application)


def _behind_proxy(app):
    from django.conf import settings

    from dragoman.rendered.serving import TrustedProxy

    return TrustedProxy(app, settings.TRUSTED_PROXY) if settings.TRUSTED_PROXY else app
