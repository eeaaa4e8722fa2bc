"""Where a Jinja template failed, and how to say what went wrong, for site templates and narratives alike."""

from __future__ import annotations

from collections.abc import Callable

import jinja2


def _is_site_template(filename: str) -> bool:
    return filename.endswith(".html")


def error_location(exc: BaseException, in_file: Callable[[str], bool] = _is_site_template) -> tuple[str, int] | None:
    """The innermost frame of the error's traceback in a file in_file accepts: (file name, line).

    Jinja rewrites the traceback of a failed render so that its frames carry the template's own
    file name and line numbers; the innermost one is where the template went wrong.
    """
    where, tb = None, exc.__traceback__
    while tb is not None:
        if in_file(tb.tb_frame.f_code.co_filename):
            where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def template_error_message(exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f'template "{exc.name}" not found'
    text = getattr(exc, "message", None) or str(exc)
    return text if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {text}"
