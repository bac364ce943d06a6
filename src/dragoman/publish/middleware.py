"""Security headers on every response: the site needs no script at all, so it allows none.

The other headers come from Django's own middleware, driven by settings.py: ``X-Content-Type-Options``,
``Referrer-Policy``, ``Cross-Origin-Opener-Policy`` and HSTS (``SecurityMiddleware``) and
``X-Frame-Options`` (``XFrameOptionsMiddleware``).
"""

from dragoman.sanitize import ALLOWED_IFRAME_SOURCES

#: Frames only from the embedded players the sanitizer keeps.
_FRAMES = " ".join(f"https://{host}" for host in sorted(ALLOWED_IFRAME_SOURCES))

#: ``connect-src 'self'`` lets a page's own tooling fetch from this site (Lighthouse reads /robots.txt from
#: inside the audited page, through Chromium's network stack under the page's policy). With no script
#: allowed it gives a page nothing more.
SITE_POLICY = (
    "default-src 'none'; img-src 'self' https: data:; style-src 'self'; font-src 'self'; connect-src 'self'; "
    f"frame-src {_FRAMES}; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
#: Django's admin loads its own scripts and uses inline style attributes; nothing else.
ADMIN_POLICY = (
    "default-src 'self'; img-src 'self' https: data:; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = ADMIN_POLICY if request.path.startswith("/admin/") else SITE_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
