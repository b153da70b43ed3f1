from django.urls import path

from puente.community import views

app_name = "community"

urlpatterns = [
    path("p/<slug:slug>/community/", views.index, name="index"),
    path("p/<slug:slug>/community/waves/<int:number>/", views.feed, name="feed"),
    path("p/<slug:slug>/community/program/", views.feed, name="program-feed"),
    path("p/<slug:slug>/community/posts/<int:pk>/", views.post_detail, name="post"),
    path(
        "p/<slug:slug>/community/posts/<int:pk>/comment/",
        views.comment_create,
        name="comment-create",
    ),
    path("p/<slug:slug>/community/posts/<int:pk>/edit/", views.post_edit, name="post-edit"),
    path("p/<slug:slug>/community/posts/<int:pk>/delete/", views.post_delete, name="post-delete"),
    path("p/<slug:slug>/community/posts/<int:pk>/cheer/", views.post_cheer, name="post-cheer"),
    path("p/<slug:slug>/community/posts/<int:pk>/report/", views.post_report, name="post-report"),
    path(
        "p/<slug:slug>/community/posts/<int:pk>/moderate/",
        views.post_moderate,
        name="post-moderate",
    ),
    path(
        "p/<slug:slug>/community/comments/<int:pk>/report/",
        views.comment_report,
        name="comment-report",
    ),
    path(
        "p/<slug:slug>/community/comments/<int:pk>/moderate/",
        views.comment_moderate,
        name="comment-moderate",
    ),
    path("p/<slug:slug>/community/moderation/", views.moderation, name="moderation"),
    path("p/<slug:slug>/community/settings/", views.settings_save, name="settings"),
    path(
        "p/<slug:slug>/community/reports/<int:pk>/dismiss/",
        views.report_dismiss,
        name="report-dismiss",
    ),
    path(
        "p/<slug:slug>/community/stories/<int:pk>/review/",
        views.story_review,
        name="story-review",
    ),
    path("p/<slug:slug>/community/my-story/", views.story_mine, name="my-story"),
    path(
        "p/<slug:slug>/community/my-story/withdraw/",
        views.story_withdraw,
        name="story-withdraw",
    ),
    path("p/<slug:slug>/stories/", views.public_stories, name="public-stories"),
]
