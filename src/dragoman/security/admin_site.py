"""Django's admin with a throttled login (see :mod:`dragoman.security.throttle`).

``DragomanAdminConfig`` replaces ``django.contrib.admin`` in INSTALLED_APPS and makes
:class:`DragomanAdminSite` the default site, so every ``admin.register`` of the project lands on it. The
rest is Django's own: staff-only access through ``django.contrib.auth``, CSRF on every form.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class DragomanAdminSite(admin.AdminSite):
    site_header = "Dragoman"
    site_title = "Dragoman admin"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from dragoman.security.throttle import ThrottledLoginForm

        self.login_form = ThrottledLoginForm

    def login(self, request, extra_context=None):
        """The admin's login; a refused (throttled) attempt answers 429 with a Retry-After header."""
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        wait = getattr(form, "retry_after", 0)
        if wait:
            response.status_code = 429
            response.headers["Retry-After"] = str(wait)
        return response


class DragomanAdminConfig(AdminConfig):
    default_site = "dragoman.security.admin_site.DragomanAdminSite"
