from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """The governance work network (社会管理工作网): departments, events, supervision."""

    name = "governance"
    verbose_name = "Governance"
