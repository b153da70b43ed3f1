from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.accounts.models import User
from puente.core.email_limits import link_email_claim
from puente.core.forms import posted, previous_result, run_once
from puente.core.permissions import PUBLIC_ROLES, Action, Role
from puente.programs import selectors, services
from puente.programs.access import ProgramAccess, get_program_for_user
from puente.programs.forms import (
    AcceptInvitationForm,
    DirectoryFilterForm,
    FocusAreaForm,
    InvitationForm,
    ProgramCreateForm,
    ProgramForm,
    TrackForm,
    WaveCloneForm,
    WaveForm,
)
from puente.programs.models import Invitation


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - only called behind login_required
    return user


@require_GET
@login_required
def my_programs(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "programs/my_programs.html",
        {
            "items": selectors.programs_for_user(user),
            "can_create": selectors.organizations_for_creator(user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def program_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    organizations = selectors.organizations_for_creator(user)
    if not organizations.exists():
        raise PermissionDenied
    if request.method == "POST" and (done := previous_result(request.POST)):
        return redirect(done)
    form = ProgramCreateForm(posted(request), organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("submit_key")

        def create() -> str:
            program = services.program_create(created_by=user, **data)
            messages.success(
                request, _("Program created. Now add its waves, tracks and focus areas.")
            )
            return reverse("programs:program-edit", args=[program.slug])

        return redirect(run_once(key, create))
    return render(
        request,
        "programs/program_form.html",
        {"form": form, "creating": True},
        status=422 if request.method == "POST" else 200,
    )


@require_GET
@login_required
def program_home(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug)
    context = {"access": access, "program": access.program}
    if access.can(Action.MANAGE_PROGRAM):
        context["overview"] = selectors.program_overview(access.program)
        template = "programs/home_coordinator.html"
    else:
        context["memberships"] = selectors.my_memberships(access.user, access.program)
        context["coordinators"] = selectors.program_coordinators(access.program)
        template = "programs/home_member.html"
    return render(request, template, context)


def _program_setup_context(access: ProgramAccess) -> dict[str, object]:
    program = access.program
    return {
        "access": access,
        "program": program,
        "waves": program.waves.order_by("number"),
        "tracks": program.tracks.order_by("name"),
        "focus_areas": program.focus_areas.order_by("kind", "name"),
        "wave_form": WaveForm(program=program),
        "track_form": TrackForm(program=program),
        "focus_area_form": FocusAreaForm(program=program),
    }


@require_http_methods(["GET", "POST"])
@login_required
def program_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_PROGRAM)
    form = ProgramForm(posted(request), instance=access.program)
    if request.method == "POST" and form.is_valid():
        services.program_update(program=access.program, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("programs:program-edit", slug=access.program.slug)
    context = _program_setup_context(access)
    context["form"] = form
    return render(
        request,
        "programs/program_form.html",
        context,
        status=422 if request.method == "POST" else 200,
    )


# The three inline lists of the setup page share one shape: a small form posted by htmx, answered
# with the refreshed list (or the form with its errors).
PARTS = {
    "waves": (WaveForm, services.wave_create, "wave_form"),
    "tracks": (TrackForm, services.track_create, "track_form"),
    "focus-areas": (FocusAreaForm, services.focus_area_create, "focus_area_form"),
}


@require_POST
@login_required
def program_part_add(request: HttpRequest, slug: str, part: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_PROGRAM)
    form_class, create, form_name = PARTS[part]
    form: ModelForm[Model] = form_class(request.POST, program=access.program)
    context = _program_setup_context(access)
    status = 200
    if form.is_valid():
        try:
            create(program=access.program, **form.cleaned_data)  # type: ignore[operator]
        except ValidationError as error:
            # What the form cannot check alone, such as a name the program already uses.
            form.add_error(None, error)
    if form.is_valid():
        if not request.htmx:  # type: ignore[attr-defined]
            messages.success(request, _("Added."))
            return redirect("programs:program-edit", slug=access.program.slug)
        context = _program_setup_context(access)
        context["added"] = part
    else:
        context[form_name] = form
        status = 422
        if not request.htmx:  # type: ignore[attr-defined]
            context["form"] = ProgramForm(instance=access.program)
            return render(request, "programs/program_form.html", context, status=status)
    return render(request, f"programs/_{part.replace('-', '_')}.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def wave_clone(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Start the next wave from this one: its settings, plan, events and toolkit, no people."""
    access = get_program_for_user(request, slug, Action.MANAGE_PROGRAM)
    program = access.program
    wave = get_object_or_404(program.waves.select_related("program"), number=number)
    if request.method == "POST" and (done := previous_result(request.POST)):
        return redirect(done)
    form = WaveCloneForm(
        posted(request),
        wave=wave,
        initial=services.wave_clone_defaults(wave),
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = dict(form.cleaned_data)
            key = data.pop("submit_key")

            def clone() -> str:
                target, copied = services.wave_clone(wave=wave, by=access.user, **data)
                summary = "; ".join(f"{label}: {count}" for label, count in copied)
                messages.success(
                    request,
                    _("%(new)s started from %(old)s. Copied — %(summary)s.")
                    % {"new": target, "old": wave, "summary": summary or _("nothing")},
                )
                return reverse("programs:program-edit", args=[program.slug]) + "#waves"

            try:
                return redirect(run_once(key, clone))
            except ValidationError as error:
                form.add_error(None, error)
    return render(
        request,
        "programs/wave_clone.html",
        {
            "access": access,
            "program": program,
            "wave": wave,
            "form": form,
            "ends_after_program": services.wave_clone_defaults(wave)["ends_on"] > program.ends_on,
            "edit_url": reverse("programs:program-edit", args=[program.slug]),
        },
        status=status,
    )


@require_GET
@login_required
def directory(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.VIEW_DIRECTORY)
    program = access.program
    visible_roles = [
        (role.value, str(role.label))
        for role in Role
        if access.can(Action.VIEW_ALL_MEMBERS) or role in PUBLIC_ROLES
    ]
    form = DirectoryFilterForm(request.GET or None, program=program, roles=visible_roles)
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # an invalid filter is dropped on its own; the valid ones still apply
        filters = form.cleaned_data
    memberships = selectors.directory(
        access,
        query=filters.get("q", ""),
        role=filters.get("role", ""),
        wave=filters.get("wave"),
        track=filters.get("track"),
    )
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    context = {
        "access": access,
        "program": program,
        "form": form,
        "page": page,
        "show_contact": access.can(Action.VIEW_CONTACT_DETAILS),
    }
    template = "programs/_directory_results.html" if request.htmx else "programs/directory.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
@login_required
def member_detail(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.VIEW_DIRECTORY)
    person, memberships = selectors.member_for_user(access, user_id)
    return render(
        request,
        "programs/member_detail.html",
        {
            "access": access,
            "program": access.program,
            "person": person,
            "memberships": memberships,
            "show_contact": access.can(Action.VIEW_CONTACT_DETAILS) or person == access.user,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.INVITE)
    program = access.program
    if request.method == "POST" and (done := previous_result(request.POST)):
        return redirect(done)
    form = InvitationForm(posted(request), program=program)
    # A typed-in address: its link emails are limited like any other (core/email_limits.py);
    # a coordinator invites many people, so only the recipient's limit applies.
    if (
        request.method == "POST"
        and form.is_valid()
        and not link_email_claim(to=form.cleaned_data["email"], client=None)
    ):
        form.add_error(
            "email",
            _("Puente has emailed this address too often recently. Try again in an hour."),
        )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("submit_key")

        def send() -> str:
            invitation = services.invitation_send(program=program, invited_by=access.user, **data)
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return reverse("programs:invite", args=[program.slug])

        return redirect(run_once(key, send))
    pending = program.invitations.filter(accepted_at__isnull=True).select_related("wave", "track")
    return render(
        request,
        "programs/invite.html",
        {"access": access, "program": program, "form": form, "pending": pending[:50]},
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_find(token=token)
    if invitation is None:
        return TemplateResponse(request, "programs/invitation_invalid.html", status=404)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    signed_in = request.user if request.user.is_authenticated else None
    if signed_in is not None and signed_in != existing:
        # Someone else is signed in on this browser: never attach the invitation to them.
        return render(
            request,
            "programs/invitation_accept.html",
            {"invitation": invitation, "wrong_user": True},
            status=403,
        )
    form = None
    if existing is None:
        form = AcceptInvitationForm(
            posted(request),
            email=invitation.email,
            initial={"full_name": invitation.full_name},
        )
    if request.method == "POST" and (form is None or form.is_valid()):
        if existing is not None and signed_in is None:
            # An existing account proves itself by signing in first; then this page accepts.
            messages.info(
                request, _("Sign in with %(email)s to accept.") % {"email": existing.email}
            )
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            membership = services.invitation_accept(
                invitation=invitation,
                user=existing,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password1"] if form else "",
            )
        except Invitation.DoesNotExist:
            return TemplateResponse(request, "programs/invitation_invalid.html", status=404)
        if signed_in is None:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome to %(program)s.") % {"program": membership.program.name}
        )
        return redirect(membership.program.get_absolute_url())
    return render(
        request,
        "programs/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing": existing},
        status=422 if request.method == "POST" else 200,
    )
