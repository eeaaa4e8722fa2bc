"""Find your council: the list is every council in the authorities resource, grouped and sorted."""

from __future__ import annotations

from explainer.dataset import Dataset
from explainer.directory import by_region
from explainer.model import Authority

DESCRIPTOR = {"resources": [{"name": "authorities", "path": "authorities.csv"}]}


def dataset(csv_text: str) -> Dataset:
    lines = csv_text.strip().splitlines()
    header = lines[0].split(",")
    authorities = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split(","), strict=True))
        authorities[row["authority_code"]] = Authority(row["authority_code"], row["authority_name"], row["region"])
    return Dataset(DESCRIPTOR, authorities, {}, {}, [], [], {"authorities.csv": csv_text.encode()})


NATIONAL = """authority_code,authority_name,region,level,valid_to,successor_codes
E92000001,England,,national,,
E12000004,East Midlands,East Midlands,region,,
E10000021,Northamptonshire,East Midlands,council,2021-03-31,E06000061;E06000062
E06000061,North Northamptonshire,East Midlands,council,,
E06000062,West Northamptonshire,East Midlands,council,,
E06000016,Leicester,East Midlands,council,,
E08000026,Coventry,West Midlands,council,,
E06000010,"Kingston upon Hull",Yorkshire and The Humber,council,,
"""


def test_every_council_once_under_its_region_and_no_area_rows() -> None:
    ds = dataset(NATIONAL.replace('"', ""))
    regions = by_region(ds)
    listed = [(r.name, c.code) for r in regions for c in r.councils]
    councils = {a.code: a for a in ds.authorities.values() if not a.code.startswith(("E92", "E12"))}
    assert sorted(code for _, code in listed) == sorted(councils)
    assert all(councils[code].region == region for region, code in listed)


def test_regions_and_councils_are_a_to_z() -> None:
    regions = by_region(dataset(NATIONAL.replace('"', "")))
    assert [r.name for r in regions] == sorted(r.name for r in regions)
    for region in regions:
        assert [c.name.lower() for c in region.councils] == sorted(c.name.lower() for c in region.councils)


def test_a_former_council_points_to_its_successors() -> None:
    regions = by_region(dataset(NATIONAL.replace('"', "")))
    councils = {c.code: c for r in regions for c in r.councils}
    former = councils["E10000021"]
    assert former.is_former
    assert [s.name for s in former.successors] == ["North Northamptonshire", "West Northamptonshire"]
    assert [s.page for s in former.successors] == ["councils/north-northamptonshire.html", "councils/west-northamptonshire.html"]
    assert "north northamptonshire" in former.search_text
    assert not councils["E06000061"].is_former and not councils["E06000061"].successors


def test_a_package_without_the_extra_columns_lists_every_authority_as_current() -> None:
    ds = dataset("authority_code,authority_name,region\nE08000026,Coventry,West Midlands\nE06000016,Leicester,East Midlands\n")
    councils = [c for r in by_region(ds) for c in r.councils]
    assert [c.name for c in councils] == ["Leicester", "Coventry"]
    assert not any(c.is_former for c in councils)
