"""A business and its buyer on one page (``reports.characterization``), as a page and as a PDF,
for whoever sees the business's plan: its mentor first of all, before the first meeting."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from puente.plans.access import get_plan_for_user, visible_mentees
from puente.programs.access import get_program_for_user
from puente.reports.characterization import characterization
from puente.reports.pdf import pdf_response, render_pdf


def _context(request: HttpRequest, slug: str, pk: int, mentee_pk: int) -> dict[str, object]:
    pa = get_plan_for_user(request, slug, pk, mentee_pk)
    return {
        "access": pa.ra.access,
        "program": pa.ra.access.program,
        "relationship": pa.ra.relationship,
        "mentee": pa.mentee,
        "c": characterization(pa),
        "mentees": visible_mentees(pa.ra.access, pk),
    }


@require_GET
@login_required
def relationship_characterization(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The relationship's (first visible) business: in a circle, the page links the others."""
    mentees = visible_mentees(get_program_for_user(request, slug), pk)
    if not mentees:
        raise Http404
    return redirect("reports:characterization", slug=slug, pk=pk, mentee_pk=mentees[0].pk)


@require_GET
@login_required
def characterization_page(request: HttpRequest, slug: str, pk: int, mentee_pk: int) -> HttpResponse:
    return render(request, "reports/characterization.html", _context(request, slug, pk, mentee_pk))


@require_GET
@login_required
def characterization_pdf(request: HttpRequest, slug: str, pk: int, mentee_pk: int) -> HttpResponse:
    context = _context(request, slug, pk, mentee_pk)
    name = slugify(context["c"].name) or "business"  # type: ignore[attr-defined]
    return pdf_response(
        render_pdf("reports/pdf/characterization.html", context), f"{name}-characterization.pdf"
    )
