"""System checks for the governance app (registered in ``GovernanceConfig.ready``)."""

from django.core import checks
from django.db.utils import OperationalError, ProgrammingError
from django.utils import timezone
from django.utils.translation import gettext as _


def holiday_data_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Warn when this year or next has no holiday data (节假日安排), so deadlines would be wrong."""
    if app_configs is not None and not any(c.name == "governance" for c in app_configs):
        return []
    from .working_time import years_without_holiday_data

    this_year = timezone.localdate().year
    try:
        missing = years_without_holiday_data([this_year, this_year + 1])
    except (OperationalError, ProgrammingError):
        # Before `migrate` the table does not exist; the check must not break manage.py.
        return []
    if not missing:
        return []
    years = ", ".join(str(y) for y in missing)
    return [
        checks.Warning(
            _(
                "No public holiday data for %(years)s: SLA deadlines there count every "
                "Monday to Friday as a working day."
            )
            % {"years": years},
            hint=_(
                "Once the State Council publishes the holiday notice, enter that year's public "
                "holidays and make-up working days in the admin under Settings > Working "
                "calendar."
            ),
            id="governance.W001",
        )
    ]
