"""Each gate is a plain function that returns the problems it finds; none means it passes."""

from .axe import axe_violations
from .charts import CHART, chart_count, chart_problems, tooltip_problems
from .download import data_zip_problems, package_errors
from .focus import focus_problems
from .layout import horizontal_overflow, overflow_problems, text_zoom_problems
from .legibility import MAP, legibility_problems
from .links import broken_links
from .load import external_requests, load_problems
from .problem import Problem, page_name, report
from .vnu import vnu_errors

__all__ = [
    "CHART",
    "MAP",
    "Problem",
    "axe_violations",
    "broken_links",
    "chart_count",
    "chart_problems",
    "data_zip_problems",
    "external_requests",
    "focus_problems",
    "horizontal_overflow",
    "legibility_problems",
    "load_problems",
    "overflow_problems",
    "package_errors",
    "page_name",
    "report",
    "text_zoom_problems",
    "tooltip_problems",
    "vnu_errors",
]
