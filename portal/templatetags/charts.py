"""``{% load charts %}{% bar_chart chart %}``: a ``portal.charts.BarChart`` as HTML bars and a
table (no JavaScript needed), drawn with the self-hosted ECharts where scripts run."""

from typing import Any

from django import template
from django.template.context import Context

from portal.charts import BarChart

__all__ = ["bar_chart"]

register = template.Library()

# Marks a page whose chart scripts are already included: one request renders one page.
_SCRIPTS_FLAG = "_jiayuan_chart_scripts"


def _first_on_page(context: Context) -> bool:
    """True the first time a chart renders on this page, False after."""
    request = context.get("request")
    holder = request if request is not None else context.dicts[0]
    if isinstance(holder, dict):
        first = not holder.get(_SCRIPTS_FLAG)
        holder[_SCRIPTS_FLAG] = True
        return first
    first = not getattr(holder, _SCRIPTS_FLAG, False)
    setattr(holder, _SCRIPTS_FLAG, True)
    return first


@register.inclusion_tag("portal/includes/bar_chart.html", takes_context=True)
def bar_chart(context: Context, chart: BarChart) -> dict[str, Any]:
    """Render ``chart``; the script tags come with the first chart of the page only."""
    return {"chart": chart, "load_scripts": not chart.is_empty and _first_on_page(context)}
