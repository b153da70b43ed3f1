from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
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
from puente.programs.models import FocusArea, Invitation, Program, Track, Wave


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
        context["checklist"] = selectors.program_checklist(access)
        template = "programs/home_coordinator.html"
    else:
        context["memberships"] = selectors.my_memberships(access.user, access.program)
        context["coordinators"] = selectors.program_coordinators(access.program)
        template = "programs/home_member.html"
    return render(request, template, context)


@dataclass(frozen=True)
class SetupPart:
    """One of the three lists of the set-up page: waves, tracks or focus areas."""

    model: type[Wave] | type[Track] | type[FocusArea]
    form: type[WaveForm] | type[TrackForm] | type[FocusAreaForm]
    create: Callable[..., Any]
    update: Callable[..., Any]
    # Waves keep their number (it is in addresses) and are shown by date: only tracks and focus
    # areas are moved up and down.
    movable: bool
    # How an item is named in addresses: a wave by its number (as in its other addresses), the
    # others by their id.
    ref_field: str = "pk"

    def items(self, program: Program) -> QuerySet[Any]:
        return self.model.objects.filter(program=program)

    def get(self, program: Program, ref: int | str) -> Any:
        return get_object_or_404(self.items(program), **{self.ref_field: ref})


PARTS = {
    "waves": SetupPart(
        Wave,
        WaveForm,
        services.wave_create,
        lambda item, **data: services.wave_update(wave=item, **data),
        movable=False,
        ref_field="number",
    ),
    "tracks": SetupPart(
        Track,
        TrackForm,
        services.track_create,
        lambda item, **data: services.track_update(track=item, **data),
        movable=True,
    ),
    "focus-areas": SetupPart(
        FocusArea,
        FocusAreaForm,
        services.focus_area_create,
        lambda item, **data: services.focus_area_update(area=item, **data),
        movable=True,
    ),
}
FORM_NAMES = {"waves": "wave_form", "tracks": "track_form", "focus-areas": "focus_area_form"}


def _program_setup_context(access: ProgramAccess, **extra: Any) -> dict[str, Any]:
    program = access.program
    context: dict[str, Any] = {"access": access, "program": program}
    for part, setup in PARTS.items():
        name = part.replace("-", "_")
        items = list(setup.items(program))
        context[name] = [item for item in items if item.archived_at is None]
        context[f"archived_{name}"] = [item for item in items if item.archived_at is not None]
    context |= {
        "wave_form": WaveForm(program=program),
        "track_form": TrackForm(program=program),
        "focus_area_form": FocusAreaForm(program=program),
    }
    context.update(extra)
    return context


def _setup_url(program: Program, part: str) -> str:
    return reverse("programs:program-edit", args=[program.slug]) + f"#{part}"


def _part_answer(
    request: HttpRequest,
    access: ProgramAccess,
    part: str,
    *,
    notice: str = "",
    refusal: str = "",
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The answer to a change on the set-up page: with htmx, the part's refreshed list with what
    happened said in it; without, back to the set-up page with the same words as a message."""
    if not request.htmx:  # type: ignore[attr-defined]
        if status == 422:
            context = _program_setup_context(access, form=ProgramForm(instance=access.program))
            context.update(extra, part=part, refusal=refusal)
            return render(request, "programs/program_form.html", context, status=status)
        if notice:
            messages.success(request, notice)
        if refusal:
            messages.error(request, refusal)
        return redirect(_setup_url(access.program, part))
    context = _program_setup_context(access, part=part, notice=notice, refusal=refusal, **extra)
    return render(request, f"programs/_{part.replace('-', '_')}.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def program_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_PROGRAM)
    form = ProgramForm(posted(request), instance=access.program)
    if request.method == "POST" and form.is_valid():
        services.program_update(program=access.program, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("programs:program-edit", slug=access.program.slug)
    context = _program_setup_context(access, form=form)
    editing = _editing(access, request.GET.get("edit", ""))
    if editing is not None:
        part, item = editing
        context.update(part=part, editing=item, edit_form=_edit_form(access, part, item))
    return render(
        request,
        "programs/program_form.html",
        context,
        status=422 if request.method == "POST" else 200,
    )


def _editing(access: ProgramAccess, value: str) -> tuple[str, Any] | None:
    """The item named by ``?edit=tracks-12`` (the set-up page without JavaScript), if any."""
    part, _sep, ref = value.rpartition("-")
    if part not in PARTS or not ref.isdigit():
        return None
    setup = PARTS[part]
    item = setup.items(access.program).filter(**{setup.ref_field: int(ref)}).first()
    return (part, item) if item is not None else None


def _edit_form(access: ProgramAccess, part: str, item: Any, data: Any = None) -> ModelForm[Model]:
    form_class = PARTS[part].form
    prefix = f"{form_class.prefix}-{item.pk}"
    form = form_class(data, instance=item, program=access.program, prefix=prefix)
    # Saving the same name twice changes nothing: an edit needs no submit key.
    del form.fields["submit_key"]
    return form


@require_POST
@login_required
def program_part_add(request: HttpRequest, slug: str, part: str) -> HttpResponse:
    """Add a wave, track or focus area from the set-up page's inline form: once per submit key,
    so a double click, or a request sent again, adds one."""
    access = get_program_for_user(request, slug, Action.MANAGE_PROGRAM)
    setup = PARTS[part]
    if previous_result(request.POST, prefix=setup.form.prefix):
        return _part_answer(request, access, part, added=part)
    form: ModelForm[Model] = setup.form(request.POST, program=access.program)
    if form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("submit_key")
        try:
            run_once(key, lambda: _created_url(setup.create(program=access.program, **data), part))
        except ValidationError as error:
            # What the form cannot check alone, such as a name the program already uses.
            form.add_error(None, error)
    if form.is_valid():
        return _part_answer(request, access, part, added=part)
    extra: dict[str, Any] = {FORM_NAMES[part]: form}
    return _part_answer(request, access, part, status=422, **extra)


def _created_url(item: Any, part: str) -> str:
    ref = getattr(item, PARTS[part].ref_field)
    return reverse("programs:program-edit", args=[item.program.slug]) + f"#{part}-{ref}"


@require_http_methods(["GET", "POST"])
@login_required
def program_part_edit(request: HttpRequest, slug: str, part: str, ref: str) -> HttpResponse:
    """Rename a wave, track or focus area (a wave's dates too): its row becomes a form."""
    access = get_program_for_user(request, slug, Action.MANAGE_PROGRAM)
    item = PARTS[part].get(access.program, ref)
    if request.method == "GET":
        if not request.htmx:  # type: ignore[attr-defined]
            edit = reverse("programs:program-edit", args=[access.program.slug])
            return redirect(f"{edit}?edit={part}-{ref}#{part}-{ref}")
        form = _edit_form(access, part, item)
        return _part_answer(request, access, part, editing=item, edit_form=form)
    form = _edit_form(access, part, item, request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "submit_key"}
        try:
            PARTS[part].update(item, **data)
        except ValidationError as error:
            form.add_error(None, error)
    if not form.is_valid():
        return _part_answer(request, access, part, status=422, editing=item, edit_form=form)
    item.refresh_from_db()
    return _part_answer(request, access, part, notice=_("“%(name)s” saved.") % {"name": item})


MOVES = {"up": -1, "down": 1}


@require_POST
@login_required
def program_part_move(request: HttpRequest, slug: str, part: str, ref: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_PROGRAM)
    if not PARTS[part].movable:
        raise Http404
    item = PARTS[part].get(access.program, ref)
    offset = MOVES.get(request.POST.get("direction", ""))
    if offset is None:
        return HttpResponseBadRequest(_("Say whether to move it up or down."))
    try:
        place = services.part_move(item=item, offset=offset)
    except ValidationError as error:
        return _part_answer(request, access, part, refusal=" ".join(error.messages))
    notice = _("“%(name)s” is now number %(place)s.") % {"name": item, "place": place}
    return _part_answer(request, access, part, notice=notice, moved=item)


@require_POST
@login_required
def program_part_archive(request: HttpRequest, slug: str, part: str, ref: str) -> HttpResponse:
    """Archive (``archive=yes``) or restore (``archive=no``) a wave, track or focus area."""
    access = get_program_for_user(request, slug, Action.MANAGE_PROGRAM)
    item = PARTS[part].get(access.program, ref)
    archive = {"yes": True, "no": False}.get(request.POST.get("archive", ""))
    if archive is None:
        return HttpResponseBadRequest(_("Say whether to archive it or restore it."))
    services.part_archive(item=item, archived=archive)
    if archive:
        notice = _(
            "“%(name)s” archived: it is no longer offered for anything new and stays where it "
            "is used."
        ) % {"name": item}
    else:
        notice = _("“%(name)s” restored.") % {"name": item}
    return _part_answer(request, access, part, notice=notice)


@require_POST
@login_required
def program_part_delete(request: HttpRequest, slug: str, part: str, ref: str) -> HttpResponse:
    """Delete a wave, track or focus area added by mistake; refused, with the reason, when
    anything refers to it."""
    access = get_program_for_user(request, slug, Action.MANAGE_PROGRAM)
    item = PARTS[part].get(access.program, ref)
    name = str(item)
    try:
        services.part_delete(item=item)
    except ValidationError as error:
        return _part_answer(request, access, part, refusal=" ".join(error.messages), refused=item)
    return _part_answer(request, access, part, notice=_("“%(name)s” deleted.") % {"name": name})


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
