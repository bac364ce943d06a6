from django.http import JsonResponse
from django.urls import path, re_path

from dragoman.api.main import api


def unknown(request, rest: str = ""):
    """Any other address under /api/v1/: the API's 404, in its own shape."""
    return JsonResponse({"code": "not_found", "message": f"no endpoint /api/v1/{rest}; see /api/v1/docs",
                         "field": None}, status=404)  # fmt: skip


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown),
]
