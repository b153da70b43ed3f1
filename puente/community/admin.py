from django.contrib import admin

from puente.community.models import Comment, CommunitySettings, Post, Report, Story


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    list_display = ["__str__", "program", "wave", "author", "kind", "is_pinned", "hidden_at"]
    list_filter = ["kind", "is_pinned"]
    raw_id_fields = ["author", "hidden_by"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    list_display = ["__str__", "post", "author", "hidden_at"]
    raw_id_fields = ["post", "author", "hidden_by"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ["__str__", "reporter", "created_at", "resolved_at"]
    raw_id_fields = ["post", "comment", "reporter", "resolved_by"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin[Story]):
    list_display = ["title", "program", "author", "status", "consent_given_at", "published_at"]
    list_filter = ["status"]
    raw_id_fields = ["author", "reviewed_by"]


admin.site.register(CommunitySettings)
