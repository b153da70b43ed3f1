"""Community pages: the spaces, a wave's feed, a post with its comments, moderation, one's own
story and the program's public stories."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.accounts.models import BusinessProfile
from puente.community import selectors, services
from puente.community.access import (
    Space,
    get_comment_for_user,
    get_post_for_user,
    get_space_for_user,
    require_moderator,
)
from puente.community.forms import (
    CONSENT_TEXT,
    CommentForm,
    HideForm,
    PostEditForm,
    PostForm,
    ReportForm,
    SettingsForm,
    StoryForm,
)
from puente.community.models import Post, Report, Story
from puente.community.scopes import may_enter_program_space, member_waves, program_space_open
from puente.core import hooks
from puente.core.forms import posted, previous_result, run_once
from puente.core.permissions import Action
from puente.programs.access import get_program_for_user
from puente.programs.models import Program

PAGE_SIZE = 20


def _feed_url(slug: str, number: int | None) -> str:
    if number is None:
        return reverse("community:program-feed", args=[slug])
    return reverse("community:feed", args=[slug, number])


def _space_context(space: Space) -> dict[str, Any]:
    return {
        "access": space.access,
        "program": space.access.program,
        "space": space,
        "feed_url": _feed_url(space.access.program.slug, space.number),
    }


@require_GET
@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.TAKE_PART_IN_COMMUNITY)
    is_open = program_space_open(access)
    return render(
        request,
        "community/index.html",
        {
            "access": access,
            "program": access.program,
            "waves": member_waves(access),
            "program_space": may_enter_program_space(access, is_open),
            "program_space_open": is_open,
            "can_write_story": access.can(Action.WRITE_STORY),
            "can_moderate": access.can(Action.MODERATE_COMMUNITY),
        },
    )


def _render_feed(
    request: HttpRequest, space: Space, form: PostForm, status: int = 200
) -> HttpResponse:
    page = Paginator(selectors.feed(space), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/feed.html",
        {**_space_context(space), "page": page, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def feed(request: HttpRequest, slug: str, number: int | None = None) -> HttpResponse:
    space = get_space_for_user(request, slug, number)
    if request.method == "POST" and (done := previous_result(request.POST)):
        return redirect(done)
    form = PostForm(posted(request))
    if request.method == "POST":
        if not form.is_valid():
            return _render_feed(request, space, form, status=422)

        def create() -> str:
            post = services.post_create(
                program=space.access.program,
                wave=space.wave,
                author=space.access.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                link=form.cleaned_data["link"],
            )
            messages.success(request, _("Your post is up."))
            return reverse("community:post", args=[slug, post.pk])

        return redirect(run_once(form.cleaned_data["submit_key"], create))
    return _render_feed(request, space, form)


def _render_post(
    request: HttpRequest,
    space: Space,
    post: Post,
    status: int = 200,
    comment_form: CommentForm | None = None,
    hide_form: HideForm | None = None,
    hide_target: str = "",
) -> HttpResponse:
    """The post page; ``hide_target`` ("post" or "comment-<pk>") says which hide form failed."""
    user = space.access.user
    reported_post, reported_comments = selectors.reported_ids(user, post)
    context = {
        **_space_context(space),
        "post": selectors.post_with_counts(space, post),
        "comments": selectors.comments(space, post),
        "comment_form": comment_form or CommentForm(),
        "hide_form": hide_form or HideForm(),
        "hide_target": hide_target,
        "is_author": post.author_id == user.pk,
        "can_edit": post.author_id == user.pk and post.can_be_edited_now(),
        "reported_post": reported_post,
        "reported_comments": reported_comments,
    }
    return render(request, "community/post.html", context, status=status)


@require_GET
@login_required
def post_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    space, post = get_post_for_user(request, slug, pk)
    return _render_post(request, space, post)


@require_POST
@login_required
def comment_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    space, post = get_post_for_user(request, slug, pk)
    if done := previous_result(request.POST):
        return redirect(done)
    form = CommentForm(request.POST)
    if post.comments_closed:
        form.is_valid()
        form.add_error(None, _("Comments are closed on this post."))
        return _render_post(request, space, post, status=422, comment_form=form)
    if not form.is_valid():
        return _render_post(request, space, post, status=422, comment_form=form)

    def create() -> str:
        comment = services.comment_add(
            post=post, author=space.access.user, body=form.cleaned_data["body"]
        )
        return reverse("community:post", args=[slug, post.pk]) + f"#comment-{comment.pk}"

    return redirect(run_once(form.cleaned_data["submit_key"], create))


@require_http_methods(["GET", "POST"])
@login_required
def post_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    space, post = get_post_for_user(request, slug, pk)
    if post.author_id != space.access.user.pk or not post.can_be_edited_now():
        raise PermissionDenied
    form = PostEditForm(posted(request), instance=post)
    context = {**_space_context(space), "post": post, "form": form}
    if request.method == "POST":
        if form.is_valid():
            services.post_edit(post=post, by=space.access.user, **form.cleaned_data)
            messages.success(request, _("Post saved."))
            return redirect("community:post", slug=slug, pk=post.pk)
        return render(request, "community/post_edit.html", context, status=422)
    return render(request, "community/post_edit.html", context)


@require_POST
@login_required
def post_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    space, post = get_post_for_user(request, slug, pk)
    if post.author_id != space.access.user.pk:
        raise PermissionDenied
    services.post_delete(post=post, by=space.access.user)
    messages.success(request, _("Post deleted."))
    return redirect(_feed_url(slug, space.number))


@require_POST
@login_required
def post_cheer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    space, post = get_post_for_user(request, slug, pk)
    services.cheer_set(post=post, user=space.access.user, on=request.POST.get("cheer") == "1")
    back = request.POST.get("next", "")
    if back == "feed":
        return redirect(_feed_url(slug, space.number) + f"#post-{post.pk}")
    return redirect("community:post", slug=slug, pk=post.pk)


def _report(
    request: HttpRequest, slug: str, space: Space, post: Post, comment: Any = None
) -> HttpResponse:
    form = ReportForm(posted(request))
    context = {**_space_context(space), "post": post, "comment": comment, "form": form}
    if request.method == "POST":
        if form.is_valid():
            made = services.report_add(
                post=post,
                comment=comment,
                reporter=space.access.user,
                reason=form.cleaned_data["reason"],
            )
            if made is None:
                messages.info(request, _("You had already reported this. Thank you."))
            else:
                messages.success(request, _("Thank you. The coordinators will look at it."))
            return redirect("community:post", slug=slug, pk=post.pk)
        return render(request, "community/report.html", context, status=422)
    return render(request, "community/report.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def post_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    space, post = get_post_for_user(request, slug, pk)
    return _report(request, slug, space, post)


@require_http_methods(["GET", "POST"])
@login_required
def comment_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    space, comment = get_comment_for_user(request, slug, pk)
    return _report(request, slug, space, comment.post, comment)


@require_POST
@login_required
def post_moderate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    space, post = get_post_for_user(request, slug, pk)
    require_moderator(space)
    action = request.POST.get("action", "")
    by = space.access.user
    if action == "hide":
        form = HideForm(request.POST)
        if not form.is_valid():
            return _render_post(
                request, space, post, status=422, hide_form=form, hide_target="post"
            )
        services.content_hide(content=post, by=by, reason=form.cleaned_data["reason"])
        messages.success(request, _("Post hidden. Only coordinators see it now."))
    elif action == "unhide":
        services.content_unhide(content=post, by=by)
        messages.success(request, _("Post shown again."))
    elif action in ("pin", "unpin"):
        services.post_moderate(post=post, by=by, pinned=action == "pin")
    elif action in ("close", "reopen"):
        services.post_moderate(post=post, by=by, closed=action == "close")
    else:
        raise Http404
    return redirect("community:post", slug=slug, pk=post.pk)


@require_POST
@login_required
def comment_moderate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    space, comment = get_comment_for_user(request, slug, pk)
    require_moderator(space)
    action = request.POST.get("action", "")
    by = space.access.user
    if action == "hide":
        form = HideForm(request.POST)
        if not form.is_valid():
            return _render_post(
                request,
                space,
                comment.post,
                status=422,
                hide_form=form,
                hide_target=f"comment-{comment.pk}",
            )
        services.content_hide(content=comment, by=by, reason=form.cleaned_data["reason"])
        messages.success(request, _("Comment hidden. Only coordinators see it now."))
    elif action == "unhide":
        services.content_unhide(content=comment, by=by)
        messages.success(request, _("Comment shown again."))
    else:
        raise Http404
    return redirect(
        reverse("community:post", args=[slug, comment.post_id]) + f"#comment-{comment.pk}"
    )


@require_GET
@login_required
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MODERATE_COMMUNITY)
    program = access.program
    return render(
        request,
        "community/moderation.html",
        {
            "access": access,
            "program": program,
            "reports": selectors.open_reports(program),
            "stories": selectors.stories_to_review(program),
            "published": selectors.published_stories(program),
            # Reports of other apps' content (a conversation's message), through core.hooks.
            "panels": hooks.moderation_panels(access),
            "settings_form": SettingsForm(
                initial={"program_space_open": program_space_open(access)}
            ),
        },
    )


@require_POST
@login_required
def settings_save(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MODERATE_COMMUNITY)
    form = SettingsForm(request.POST)
    form.is_valid()  # a single checkbox: always valid
    services.settings_save(
        program=access.program,
        program_space_open=bool(form.cleaned_data.get("program_space_open")),
    )
    messages.success(request, _("Community settings saved."))
    return redirect("community:moderation", slug=slug)


@require_POST
@login_required
def report_dismiss(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MODERATE_COMMUNITY)
    report = get_object_or_404(
        Report.objects.select_related("post", "comment"), pk=pk, post__program=access.program
    )
    services.report_dismiss(report=report, by=access.user)
    messages.success(request, _("Report dismissed."))
    return redirect("community:moderation", slug=slug)


@require_POST
@login_required
def story_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MODERATE_COMMUNITY)
    story = get_object_or_404(Story, pk=pk, program=access.program)
    decision = request.POST.get("decision", "")
    if decision == "publish":
        try:
            services.story_publish(story=story, by=access.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Story published."))
    elif decision == "unpublish":
        services.story_unpublish(story=story, by=access.user)
        messages.success(request, _("Story taken off the public page."))
    else:
        raise Http404
    return redirect("community:moderation", slug=slug)


def _has_business(user: Any) -> bool:
    return BusinessProfile.objects.filter(owner=user).exists()


@require_http_methods(["GET", "POST"])
@login_required
def story_mine(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.WRITE_STORY)
    story = Story.objects.filter(program=access.program, author=access.user).first()
    has_business = _has_business(access.user)
    form = StoryForm(
        posted(request),
        instance=story,
        has_business=has_business,
        initial={"consent": story is not None and story.status != Story.Status.DRAFT},
    )
    context = {"access": access, "program": access.program, "story": story, "form": form}
    if request.method == "POST":
        if form.is_valid():
            saved = services.story_save(
                program=access.program,
                author=access.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                show_business=bool(form.cleaned_data.get("show_business")),
                consent=form.cleaned_data["consent"],
                consent_text=str(CONSENT_TEXT),
            )
            if saved.status == Story.Status.PENDING:
                messages.success(request, _("Thank you. A coordinator will review your story."))
            else:
                messages.success(request, _("Story saved as a private draft."))
            return redirect("community:my-story", slug=slug)
        return render(request, "community/my_story.html", context, status=422)
    return render(request, "community/my_story.html", context)


@require_POST
@login_required
def story_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.WRITE_STORY)
    story = get_object_or_404(Story, program=access.program, author=access.user)
    services.story_withdraw(story=story)
    messages.success(request, _("Consent withdrawn. Your story is not public any more."))
    return redirect("community:my-story", slug=slug)


@require_GET
def public_stories(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone, signed in or not, may read a program's published stories."""
    program = get_object_or_404(Program, slug=slug)
    return render(
        request,
        "community/public_stories.html",
        {"program": program, "stories": selectors.published_stories(program)},
    )
