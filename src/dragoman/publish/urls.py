from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

from dragoman.publish import views
from dragoman.publish.feeds import LatestTranslationsFeed

app_name = "dragoman"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/<str:slug>/", views.article, name="article"),
    path("sources/<str:slug>/", views.source, name="source"),
    path("feeds/atom.xml", LatestTranslationsFeed(), name="atom"),
    # Lead images copied from the sources. Behind a reverse proxy at scale, let it serve MEDIA_ROOT instead.
    re_path(r"^media/(?P<path>images/[\w.-]+)$", serve, {"document_root": settings.MEDIA_ROOT}, name="media"),
]
