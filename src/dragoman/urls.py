from django.contrib import admin
from django.urls import include, path

from dragoman.api import urls as api
from dragoman.articles.charts import activity
from dragoman.metrics import metrics
from dragoman.publish import urls as site
from dragoman.review import urls as review

#: The site's pages and the review queue, in one namespace (``dragoman:``).
SITE = (site.urlpatterns + review.urlpatterns, site.app_name)

urlpatterns = [
    path("admin/activity/", admin.site.admin_view(activity), name="dragoman-activity"),
    path("admin/", admin.site.urls),
    path("metrics", metrics, name="metrics"),
    *api.urlpatterns,
    path("", include(SITE)),
]
