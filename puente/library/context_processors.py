"""The onboarding prompt on a program's pages, without the earlier apps importing this one."""

from typing import Any

from django.http import HttpRequest

from puente.library.selectors import onboarding_pending_for_slug

# The pages that show the prompt: the program's home, "my mentoring" and the toolkit itself.
PROMPT_PAGES = frozenset({"programs:program-home", "mentoring:mine", "library:resource-list"})


def onboarding(request: HttpRequest) -> dict[str, Any]:
    """``onboarding_pending``: the onboarding manuals the signed-in member has not confirmed yet.
    At most two queries, and none for other pages or anonymous visitors."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or match.view_name not in PROMPT_PAGES or user is None:
        return {}
    slug = match.kwargs.get("slug")
    if not slug or not user.is_authenticated:
        return {}
    return {"onboarding_pending": onboarding_pending_for_slug(user, slug)}
