"""The README and citation file that travel in the downloaded zip, so it stands on its own.

Both are computed from the descriptor, the sources and the site's address; nothing is typed.
"""

from __future__ import annotations

from .dataset import Dataset
from .licensing import package_sentence

TEAM = "Missing children data explainer team"


def zip_folder(ds: Dataset) -> str:
    """The folder the zip unpacks into."""
    return f"{ds.name}-{ds.version}"


# The site cannot know when a reader looked, and the build date is only when the pages were made:
# the reader fills the access date in.
ACCESSED = "Accessed [the date you opened it]."


def released(ds: Dataset) -> str:
    """This version's release date (ISO), from the changelog; the descriptor's created date if none."""
    return ds.released.isoformat() if ds.released else str(ds.descriptor.get("created", ""))[:10]


def citation_text(ds: Dataset, site_url: str) -> str:
    date = released(ds)
    day = ds.released.strftime(f"{ds.released.day} %B %Y") if ds.released else date
    return f"{TEAM} ({date[:4]}). {ds.descriptor['title']}. Data package, version {ds.version}, released {day}. {site_url}data/. {ACCESSED}"


def readme(ds: Dataset, site_url: str) -> str:
    """README.md for the zip: what is in it, the terms, how to cite, and commands that work as written."""
    folder = zip_folder(ds)
    files = "\n".join(f"- `{r['path']}`: {r.get('description', r.get('title', r['name']))}" for r in ds.descriptor["resources"])
    return "\n".join(
        [
            f"# {ds.descriptor['title']}, version {ds.version}",
            "",
            str(ds.descriptor.get("description", "")),
            "",
            "## Files",
            "",
            "- `datapackage.json`: the Frictionless descriptor (every field, its type and meaning)",
            files,
            "- `LICENCE.md`: the re-use terms of each source, computed from `sources.csv`",
            "- `CHANGELOG.md`: what changed in each version",
            "- `CITATION.cff`: how to cite this package",
            "",
            "## Re-use",
            "",
            package_sentence(ds) + " Each figure's terms are in `sources.csv`; see `LICENCE.md`.",
            "",
            "## How to cite",
            "",
            citation_text(ds, site_url),
            "",
            "## How to check and load it",
            "",
            "```sh",
            f"unzip {folder}.zip",
            f"cd {folder}",
            "frictionless validate datapackage.json",
            "```",
            "",
            "Suppressed and withheld answers are rows with an empty `value` and a `status` saying why; never read them as zero.",
            f"Every figure, with the council's answer as written, is also on the site: {site_url}",
            "",
        ]
    )


def citation_cff(ds: Dataset, site_url: str) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for the package."""
    created = released(ds)
    title = str(ds.descriptor["title"]).replace('"', "'")
    lines = [
        "cff-version: 1.2.0",
        'message: "If you use these figures, please cite this data package and the council responses they come from, with the date you accessed them."',
        "type: dataset",
        f'title: "{title}"',
        f'version: "{ds.version}"',
        f"url: {site_url}data/",
        "authors:",
        f'  - name: "{TEAM}"',
    ]
    if created:
        lines.append(f"date-released: {created}")
    return "\n".join(lines) + "\n"


def extras(ds: Dataset, site_url: str) -> dict[str, bytes]:
    """The files the zip carries beside the package's own."""
    return {"README.md": readme(ds, site_url).encode("utf-8"), "CITATION.cff": citation_cff(ds, site_url).encode("utf-8")}
