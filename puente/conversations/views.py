"""Conversation pages: a relationship's thread (read, write, invite its tutors in), reporting a
message, a message's attachment, and the coordinators' decision on a reported message."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.accounts.models import User
from puente.community.forms import HideForm
from puente.conversations import selectors, services
from puente.conversations.forms import MessageForm, MessageReportForm
from puente.conversations.models import Message, MessageReport, Thread
from puente.conversations.scopes import CONVERSATIONS, MESSAGES
from puente.core.forms import posted, previous_result, run_once
from puente.core.permissions import Action
from puente.library.uploads import content_type
from puente.mentoring.models import Relationship
from puente.mentoring.selectors import mentees_with_tutors, relationship_title
from puente.programs.access import ProgramAccess, get_program_for_user


def _relationship(
    request: HttpRequest, slug: str, pk: int, action: Action, *, write: bool = False
) -> tuple[ProgramAccess, Relationship]:
    """The relationship if this person reads its conversation (404 otherwise; 403 to members
    whose roles have no conversations, coordinators included); with ``write``, 403 to a tutor
    not invited in."""
    access = get_program_for_user(request, slug, action)
    relationship = CONVERSATIONS.get(
        access, pk, write=write, related=("program", "mentor__user", "conversation")
    )
    return access, relationship


def _thread_url(slug: str, relationship: Relationship) -> str:
    return reverse("conversations:thread", args=[slug, relationship.pk])


def _context(
    request: HttpRequest,
    access: ProgramAccess,
    relationship: Relationship,
    thread: Thread,
    form: MessageForm | None = None,
) -> dict[str, Any]:
    everything = request.GET.get("all") == "1"
    shown = selectors.thread_messages(thread, access.user, everything=everything)
    total = selectors.message_count(thread)
    can_post = CONVERSATIONS.may_change(access, relationship)
    prefetch_related_objects([relationship], mentees_with_tutors())
    sides = {relationship.mentor.user_id, *(m.user_id for m in relationship.mentees.all())}
    is_side = access.user.pk in sides
    tutors = relationship.tutors
    return {
        "access": access,
        "program": access.program,
        "relationship": relationship,
        "thread": thread,
        "shown": shown,
        "total": total,
        "hidden_earlier": total - len(shown),
        "can_post": can_post,
        "can_report": access.can(Action.REPORT_MESSAGES),
        "can_invite": is_side and access.can(Action.INVITE_TUTOR) and bool(tutors),
        "tutors": tutors,
        "tutors_invited": thread.tutor_invitations.exists(),
        "is_tutor": not is_side,
        "form": form if form is not None else (MessageForm() if can_post else None),
        "people": [relationship.mentor, *relationship.mentees.all()],
        "relationship_title": relationship_title(relationship, access.user),
        "tutor_names": ", ".join(tutor.user.full_name for tutor in tutors),
    }


@require_GET
@login_required
def thread(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, relationship = _relationship(request, slug, pk, Action.READ_CONVERSATIONS)
    conversation = services.thread_for(relationship=relationship)
    context = _context(request, access, relationship, conversation)
    services.message_read(thread=conversation, user=access.user)
    return render(request, "conversations/thread.html", context)


@require_POST
@login_required
def message_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, relationship = _relationship(request, slug, pk, Action.POST_MESSAGES, write=True)
    conversation = services.thread_for(relationship=relationship)
    url = _thread_url(slug, relationship)
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    done = previous_result(request.POST)
    if done and not htmx:
        return redirect(done)
    form = MessageForm(request.POST, request.FILES)
    if done is None and form.is_valid():

        def create() -> str:
            made = services.message_post(
                thread=conversation,
                author=access.user,
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data.get("attachment"),
            )
            return f"{url}#message-{made.pk}"

        try:
            done = run_once(form.cleaned_data["submit_key"], create)
        except ValidationError as error:
            form.add_error(None, error)
    if done is not None:
        if htmx:
            context = _context(request, access, relationship, conversation, MessageForm())
            return render(request, "conversations/_conversation.html", context)
        return redirect(done)
    context = _context(request, access, relationship, conversation, form)
    template = "conversations/_conversation.html" if htmx else "conversations/thread.html"
    return render(request, template, context, status=422)


@require_POST
@login_required
def tutors(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, relationship = _relationship(request, slug, pk, Action.INVITE_TUTOR, write=True)
    conversation = services.thread_for(relationship=relationship)
    on = request.POST.get("invite") == "1"
    services.tutors_invite(thread=conversation, by=access.user, on=on)
    if on:
        messages.success(request, _("Your tutor can now write in this conversation."))
    else:
        messages.success(request, _("Your tutor can read this conversation but not write in it."))
    return redirect(_thread_url(slug, relationship))


def _message(request: HttpRequest, slug: str, pk: int, action: Action) -> Message:
    access = get_program_for_user(request, slug, action)
    message = MESSAGES.get(access, pk, related=("author", "thread__relationship__program"))
    if message.is_hidden:
        raise Http404
    return message


@require_http_methods(["GET", "POST"])
@login_required
def message_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    message = _message(request, slug, pk, Action.REPORT_MESSAGES)
    relationship = message.thread.relationship
    form = MessageReportForm(posted(request))
    context = {"program": relationship.program, "relationship": relationship, "message": message}
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            assert isinstance(user, User)  # noqa: S101 - login_required
            made = services.report_add(
                message=message,
                reporter=user,
                reason=form.cleaned_data["reason"],
            )
            if made is None:
                messages.info(request, _("You had already reported this. Thank you."))
            else:
                messages.success(request, _("Thank you. The coordinators will look at it."))
            return redirect(_thread_url(slug, relationship) + f"#message-{message.pk}")
        return render(request, "conversations/report.html", {**context, "form": form}, status=422)
    return render(request, "conversations/report.html", {**context, "form": form})


@require_GET
@login_required
def attachment(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    message = _message(request, slug, pk, Action.READ_CONVERSATIONS)
    if not message.attachment:
        raise Http404
    try:
        handle = message.attachment.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=message.attachment_name or "adjunto",
        content_type=content_type(message.attachment.name),
    )


@require_POST
@login_required
def report_resolve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A coordinator decides on a reported message: hide it (with the reason) or dismiss."""
    access = get_program_for_user(request, slug, Action.MODERATE_COMMUNITY)
    report = get_object_or_404(
        MessageReport.objects.select_related("message"),
        pk=pk,
        message__thread__relationship__program=access.program,
    )
    decision = request.POST.get("decision", "")
    if decision == "hide":
        form = HideForm(request.POST)
        if form.is_valid():
            services.message_hide(
                message=report.message, by=access.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Message hidden. Its conversation sees that it was."))
        else:
            messages.error(request, _("Say why the message is hidden."))
    elif decision == "dismiss":
        services.report_dismiss(report=report, by=access.user)
        messages.success(request, _("Report dismissed."))
    else:
        raise Http404
    return redirect(reverse("community:moderation", args=[slug]) + "#message-reports")
