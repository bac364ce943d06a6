from django.contrib import admin
from django.urls import include, path

from dragoman.articles.charts import activity
from dragoman.metrics import metrics

urlpatterns = [
    path("admin/activity/", admin.site.admin_view(activity), name="dragoman-activity"),
    path("admin/", admin.site.urls),
    path("metrics", metrics, name="metrics"),
    path("", include("dragoman.publish.urls")),
]
