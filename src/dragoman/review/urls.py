from django.urls import path

from dragoman.review import views

#: Included by the project's URLs in the site's namespace (``dragoman:review``, ``dragoman:review-edit``).
urlpatterns = [
    path("review/", views.queue, name="review"),
    path("review/<int:pk>/", views.edit, name="review-edit"),
]
