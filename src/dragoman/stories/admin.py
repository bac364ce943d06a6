"""The stories in the admin: their counts, their members, and an editor's two corrections
(:mod:`dragoman.stories.corrections`), which hold when new articles arrive.

* **Merge**: select stories in the list, action "Merge the selected stories": their members go into one,
  pinned there.
* **Split**: select members (in the list of story members, filtered by story), action "Split the selected
  members into a new story": they go into a new story, which is never merged with theirs again.
"""

from __future__ import annotations

from django.contrib import admin, messages

from dragoman.stories.corrections import CorrectionError, merge, remove, split
from dragoman.stories.models import KeptApart, Story, StoryMember
from dragoman.stories.report import story_counts


class MemberInline(admin.TabularInline):
    model = StoryMember
    fk_name = "story"
    fields = ["article", "source_name", "language", "title", "published", "action", "score", "duplicate_of", "compared", "pinned"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    change_list_template = "admin/stories/story/change_list.html"
    list_display = ["__str__", "size", "sources", "first_seen", "last_update", "summary_kind"]
    list_filter = ["summary_kind"]
    search_fields = ["title", "key", "members__title"]
    readonly_fields = ["key", "first_seen", "last_update", "size", "sources", "summary", "summary_kind", "summary_engine", "summary_members", "summary_at", "created_at"]
    fields = ["title", "title_by_editor", *readonly_fields]
    inlines = [MemberInline]
    actions = ["merge_stories"]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "story_counts": story_counts()})

    def save_model(self, request, obj, form, change):
        if "title" in form.changed_data:
            obj.title_by_editor = True  # the editor's title stays when members join
        super().save_model(request, obj, form, change)

    @admin.action(description="Merge the selected stories (their members pinned)")
    def merge_stories(self, request, queryset):
        try:
            kept = merge(list(queryset), editor=request.user)
        except CorrectionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, f"Merged into story {kept.pk} ({kept.size} articles): “{kept}”.", messages.SUCCESS)

    def delete_model(self, request, obj):
        remove([obj])

    def delete_queryset(self, request, queryset):
        remove(list(queryset))


@admin.register(StoryMember)
class StoryMemberAdmin(admin.ModelAdmin):
    list_display = ["article", "story", "source_name", "language", "published", "action", "score", "duplicate_of", "pinned"]
    list_filter = ["action", "pinned", "compared", "language"]
    list_select_related = ["story", "article"]
    search_fields = ["title", "source_name", "story__title"]
    raw_id_fields = ["article", "story", "duplicate_of"]
    readonly_fields = ["article", "story", "joined_at", "published", "action", "score", "duplicate_of", "compared", "language", "source_name", "title", "text", "state", "pinned", "seq"]
    actions = ["split_members"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a story's membership changes by a split or a merge, which every worker hears of

    @admin.action(description="Split the selected members into a new story (kept apart from theirs)")
    def split_members(self, request, queryset):
        stories = {member.story_id for member in queryset}
        if len(stories) != 1:
            self.message_user(request, "Select members of one story to split them from it.", messages.ERROR)
            return
        story = Story.objects.get(pk=stories.pop())
        try:
            new = split(story, [member.article_id for member in queryset], editor=request.user)
        except CorrectionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, f"{new.size} articles split from story {story.pk} into story {new.pk}.", messages.SUCCESS)


@admin.register(KeptApart)
class KeptApartAdmin(admin.ModelAdmin):
    list_display = ["story", "other", "editor", "created_at"]
    readonly_fields = ["story", "other", "editor", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a split is undone by merging the two stories
