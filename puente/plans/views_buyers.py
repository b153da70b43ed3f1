"""The coordinator's pages for the program's corporate buyers: the list; adding and changing a
buyer (what it is, its requirement in each focus area with the level the gap assessment compares
against, the businesses that target it); archiving and deleting it.

The buyer is the programs app's (``BuyerOrganization``, scope ``programs.scopes.BUYERS``); its
requirements are the plans app's target levels (``AreaTarget``), so the pages live here."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.core.forms import posted, previous_result, run_once
from puente.core.permissions import Action
from puente.plans import selectors, services
from puente.plans.forms import BuyerAddForm, BuyerEditForm
from puente.plans.models import AreaTarget, GrowthPlan
from puente.programs import services as programs
from puente.programs.access import ProgramAccess, get_program_for_user
from puente.programs.models import BuyerOrganization
from puente.programs.scopes import BUYERS


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal next to the field it names, else at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _form_kwargs(access: ProgramAccess, buyer: BuyerOrganization | None = None) -> dict[str, Any]:
    program = access.program
    areas = selectors.buyer_form_areas(program, buyer)
    requirements = (
        {
            t.focus_area_id: (t.level, t.requirement)
            for t in AreaTarget.objects.filter(buyer=buyer, focus_area__in=areas)
        }
        if buyer is not None
        else {}
    )
    return {
        "areas": areas,
        "businesses": selectors.businesses(program),
        "buyer": buyer,
        "requirements": requirements,
    }


def _page(
    request: HttpRequest,
    access: ProgramAccess,
    form: BuyerEditForm,
    buyer: BuyerOrganization | None = None,
    status: int = 200,
) -> HttpResponse:
    plans = (
        GrowthPlan.objects.filter(buyer=buyer, relationship__program=access.program).count()
        if buyer is not None
        else 0
    )
    return render(
        request,
        "plans/buyer_form.html",
        {
            "access": access,
            "program": access.program,
            "form": form,
            "buyer": buyer,
            "plans_measured": plans,
        },
        status=status,
    )


@require_GET
@login_required
def buyers(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_BUYERS)
    rows = selectors.buyer_rows(access)
    return render(
        request,
        "plans/buyers.html",
        {
            "access": access,
            "program": access.program,
            "active": [row for row in rows if not row.buyer.is_archived],
            "archived": [row for row in rows if row.buyer.is_archived],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def buyer_add(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_BUYERS)
    if request.method == "POST" and (done := previous_result(request.POST)):
        return redirect(done)
    form = BuyerAddForm(posted(request), **_form_kwargs(access))
    if request.method == "GET":
        return _page(request, access, form)
    if form.is_valid():

        def create() -> str:
            buyer = services.buyer_save(
                program=access.program,
                buyer=None,
                requirements=form.requirements(),
                businesses=form.cleaned_data["businesses"],
                **form.buyer_fields(),
            )
            messages.success(request, _("“%(name)s” was added.") % {"name": buyer.name})
            return reverse("plans:buyers", args=[slug]) + f"#buyer-{buyer.pk}"

        try:
            return redirect(run_once(form.cleaned_data["submit_key"], create))
        except ValidationError as error:
            _add_errors(form, error)
    return _page(request, access, form, status=422)


@require_http_methods(["GET", "POST"])
@login_required
def buyer_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_program_for_user(request, slug, Action.MANAGE_BUYERS)
    buyer = BUYERS.get(access, pk, write=True)
    form = BuyerEditForm(posted(request), **_form_kwargs(access, buyer))
    if request.method == "GET":
        return _page(request, access, form, buyer)
    if form.is_valid():
        try:
            services.buyer_save(
                program=access.program,
                buyer=buyer,
                requirements=form.requirements(),
                businesses=form.cleaned_data["businesses"],
                **form.buyer_fields(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(reverse("plans:buyers", args=[slug]) + f"#buyer-{buyer.pk}")
    return _page(request, access, form, buyer, status=422)


@require_POST
@login_required
def buyer_archive(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Archive (``archived=1``) or bring back (``archived=0``) a buyer."""
    access = get_program_for_user(request, slug, Action.MANAGE_BUYERS)
    buyer = BUYERS.get(access, pk, write=True)
    archived = request.POST.get("archived")
    if archived not in ("0", "1"):
        return HttpResponseBadRequest(_("Say whether to archive the buyer or bring it back."))
    programs.buyer_archive(buyer=buyer, archived=archived == "1")
    if archived == "1":
        messages.success(
            request,
            _(
                "“%(name)s” was archived: it is no longer offered, and the plans measured "
                "against it keep their targets."
            )
            % {"name": buyer.name},
        )
    else:
        messages.success(request, _("“%(name)s” is offered again.") % {"name": buyer.name})
    return redirect(reverse("plans:buyers", args=[slug]) + f"#buyer-{buyer.pk}")


@require_POST
@login_required
def buyer_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Delete a buyer, or say why not (plans measured against it, other programs). A buyer
    already gone (the second click of a double submit) is taken as deleted."""
    access = get_program_for_user(request, slug, Action.MANAGE_BUYERS)
    buyer = BUYERS.changeable(access).filter(pk=pk).first()
    if buyer is None:
        if BuyerOrganization.objects.filter(pk=pk).exists():
            raise Http404
        messages.info(request, _("This was already deleted."))
        return redirect("plans:buyers", slug=slug)
    try:
        programs.buyer_delete(buyer=buyer, program=access.program)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:buyer-edit", slug=slug, pk=buyer.pk)
    messages.success(request, _("“%(name)s” was deleted.") % {"name": buyer.name})
    return redirect("plans:buyers", slug=slug)
