"""The charts' colours: 3:1 against both page backgrounds, apart under colour-vision deficiencies,
and applied to the inline SVG by the generated stylesheet."""

from __future__ import annotations

import itertools

import pytest

from explainer.chart_theme import DARK_BACKGROUND, INK, LIGHT_BACKGROUND, MUTED, OTHER, POPULATIONS, css

# Machado, Oliveira and Fernandes (2009), severity 1.0, applied to linear RGB.
DEFICIENCIES = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
}


def linear(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)  # type: ignore[return-value]


def luminance(colour: str) -> float:
    r, g, b = linear(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#777", "#fff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", [*POPULATIONS, "other"])
def test_every_mark_colour_stands_out_from_its_background(name: str) -> None:
    colours = POPULATIONS.get(name, OTHER)
    assert contrast(colours.colour, LIGHT_BACKGROUND) >= 3, (name, "light")
    assert contrast(colours.dark, DARK_BACKGROUND) >= 3, (name, "dark")


def test_chart_text_is_as_readable_as_body_text() -> None:
    assert contrast(INK, LIGHT_BACKGROUND) >= 4.5 and contrast(MUTED, LIGHT_BACKGROUND) >= 4.5


def simulate(colour: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, ...]:
    rgb = linear(colour)
    return tuple(sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix)


@pytest.mark.parametrize("deficiency", sorted(DEFICIENCIES))
def test_populations_stay_apart_for_common_colour_vision_deficiencies(deficiency: str) -> None:
    """Any two populations differ in simulated colour or in lightness, on both backgrounds."""
    for (a, pa), (b, pb) in itertools.combinations(POPULATIONS.items(), 2):
        for x, y in ((pa.colour, pb.colour), (pa.dark, pb.dark)):
            sx, sy = simulate(x, DEFICIENCIES[deficiency]), simulate(y, DEFICIENCIES[deficiency])
            distance = sum((p - q) ** 2 for p, q in zip(sx, sy, strict=True)) ** 0.5
            assert distance > 0.08 or contrast(x, y) >= 1.5, (deficiency, a, b, x, y, round(distance, 3))


def test_one_colour_per_population() -> None:
    light = [p.colour for p in POPULATIONS.values()]
    dark = [p.dark for p in POPULATIONS.values()]
    assert len(set(light)) == len(light) and len(set(dark)) == len(dark)


def test_the_stylesheet_maps_every_drawn_colour_to_a_custom_property() -> None:
    sheet = css()
    for pid, p in POPULATIONS.items():
        slug = pid.replace("_", "-")
        assert f'[fill="{p.colour}"] {{ fill: var(--pop-{slug}); }}' in sheet
        assert f"--pop-{slug}: {p.dark};" in sheet.split("prefers-color-scheme: dark", 1)[1]
    assert f'[fill="{INK}"]' in sheet and "currentColor" in sheet
