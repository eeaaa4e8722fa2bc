"""The data package zip downloads in the browser and passes frictionless validation."""

from __future__ import annotations

import zipfile
from pathlib import Path

import frictionless
from playwright.sync_api import Page

from .problem import Problem, page_name

ZIP_LINK = 'a[href$=".zip"]'


def data_zip_problems(page: Page, workdir: Path) -> list[Problem]:
    """Download the page's first .zip link into workdir, unpack it and validate it."""
    name = page_name(page)
    link = page.locator(ZIP_LINK).first
    if link.count() == 0:
        return [Problem(name, "zip-link", f"no link matches {ZIP_LINK!r}")]
    with page.expect_download() as started:
        link.click()
    download = started.value
    if (failure := download.failure()) is not None:
        return [Problem(name, "zip-download", f"{download.url}: {failure}")]
    archive = workdir / download.suggested_filename
    download.save_as(archive)
    unpacked = workdir / "unpacked"
    try:
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(unpacked)
    except zipfile.BadZipFile as error:
        return [Problem(name, "zip-unreadable", f"{archive.name}: {error}")]
    return [Problem(name, "package-invalid", text) for text in package_errors(unpacked)]


def package_errors(unpacked: Path) -> list[str]:
    """frictionless's errors for the one datapackage.json in the unpacked zip."""
    descriptors = sorted(unpacked.rglob("datapackage.json"))
    if len(descriptors) != 1:
        return [f"expected one datapackage.json in the zip, found {len(descriptors)}"]
    report = frictionless.validate(str(descriptors[0]))
    if report.valid:
        return []
    errors = [f"package: {error.message}" for error in report.errors]
    errors += [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    return errors
