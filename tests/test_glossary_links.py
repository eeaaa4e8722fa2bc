"""Glossary terms linked at their first use in running text, never inside headings, links, tables or charts."""

from __future__ import annotations

from bs4 import BeautifulSoup

from explainer.glossary_links import add_term_ids, glossary_terms, link_first_uses

GLOSSARY = """## Going missing

Missing episode
:   One occasion on which a child went missing.

Looked after child
:   A child in the council's care.

Suppressed [c]
:   A number the council held but did not publish.

Offered, accepted and declined
:   Words for offers.

Child
:   Anyone under eighteen.
"""


def test_terms_come_from_the_definition_list() -> None:
    terms = glossary_terms(GLOSSARY)
    assert terms == {
        "Missing episode": "term-missing-episode",
        "Looked after child": "term-looked-after-child",
        "Suppressed": "term-suppressed-c",
    }


def test_each_term_links_once_at_its_first_use_in_running_text() -> None:
    html = (
        "<h2>Missing episodes</h2><p>Two <a href='x'>missing episodes</a> here.</p>"
        "<figure><p>Looked after children</p></figure><table><tr><td>suppressed</td></tr></table>"
        "<p>Looked after children had missing episodes, and more missing episodes; one was suppressed.</p>"
    )
    soup = BeautifulSoup(str(link_first_uses(html, glossary_terms(GLOSSARY), "../glossary/")), "html.parser")
    links = [(a.get_text(), a["href"]) for a in soup.select("a.term")]
    assert links == [
        ("Looked after children", "../glossary/#term-looked-after-child"),
        ("missing episodes", "../glossary/#term-missing-episode"),
        ("suppressed", "../glossary/#term-suppressed-c"),
    ]
    assert soup.h2.a is None and soup.figure.a is None and soup.table.a is None


def test_the_glossary_gives_each_term_an_id() -> None:
    soup = BeautifulSoup(str(add_term_ids("<dl><dt>Suppressed [c]</dt><dd>x</dd></dl>")), "html.parser")
    assert soup.dt["id"] == "term-suppressed-c"
