from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "puente.community"
    verbose_name = _("Community")

    def ready(self) -> None:
        # The audit trail (puente/core/audit.py): posts, comments and stories with the
        # moderators' decisions (hiding, pinning, publishing), reports and the space's settings.
        # The author's notification stamp is bookkeeping.
        from puente.community.models import Comment, CommunitySettings, Post, Report, Story
        from puente.core.audit import audit

        audit(Post, exclude=["author_emailed_at"])
        audit(Comment)
        audit(Report)
        audit(Story)
        audit(CommunitySettings)
