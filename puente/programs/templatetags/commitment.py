"""``{% commitment program wave %}``: the program's commitment in one sentence
(programs.commitment), for the call page and the program home."""

from typing import Any

from django import template

from puente.programs.commitment import commitment_for
from puente.programs.models import Program, Wave

register = template.Library()


@register.simple_tag
def commitment(program: Program, wave: Any = None) -> str:
    """``wave`` may be missing from the page's context (an empty string): the program's plan."""
    return str(commitment_for(program, wave if isinstance(wave, Wave) else None))
