from django.apps import AppConfig
from django.db.models.signals import post_migrate

#: What the "Editors" group may do: review, correct, approve and reject translations, read the articles and
#: their revisions, and keep the glossary. Editors sign in through the admin's (throttled) login, so they
#: also need "staff status"; the group gives them nothing else in the admin.
EDITOR_PERMISSIONS = (
    ("articles", "review_translation"),
    ("articles", "view_translation"),
    ("articles", "change_translation"),
    ("articles", "view_article"),
    ("articles", "view_revision"),
    ("articles", "view_glossaryterm"),
    ("articles", "add_glossaryterm"),
    ("articles", "change_glossaryterm"),
)
EDITORS_GROUP = "Editors"


def ensure_editors_group(using: str = "default", **kwargs) -> None:
    """Create the Editors group, or give it back any permission it lost (run after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.using(using).get_or_create(name=EDITORS_GROUP)
    wanted = [
        permission
        for app_label, codename in EDITOR_PERMISSIONS
        for permission in Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename)
    ]
    group.permissions.add(*wanted)


class ReviewConfig(AppConfig):
    """Editors' review: the queue of held translations, corrections taught to the memory and the glossary,
    approval and rejection (its pages at /review/). No models of its own: it works on the articles' rows
    (``Translation``, ``Revision``, ``GlossaryTerm``) and the names app's ``NameCorrection``."""

    name = "dragoman.review"
    label = "review"
    verbose_name = "Review"

    def ready(self) -> None:
        post_migrate.connect(ensure_editors_group, dispatch_uid="dragoman-editors-group")
