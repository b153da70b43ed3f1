"""The toolkit's part of starting the next wave (``core.hooks.wave_cloned``).

Nothing is copied: a version of a resource applies from its wave onwards, so the next wave
(number + 1) already reads the same versions as the wave it starts from. A coordinator who wants
the new wave to read something else adds a version for it from the toolkit.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from puente.core.hooks import WaveCopy
from puente.library.selectors import current_versions
from puente.programs.models import Wave


def inherit_toolkit(source_id: int, target_id: int, offset_days: int) -> WaveCopy:
    target = Wave.objects.get(pk=target_id)
    seen = current_versions(Q(program_id=target.program_id), target.number).count()
    return [(_("Toolkit resources (the new wave reads the same versions)"), seen)]
