"""Vega-Lite specifications for the three ways marks are drawn: bars, ticks (strip) and lines.

All three take a ChartData's plot rows, which carry everything a mark shows; the data appear
once in the spec (at its top), so `chart_render` can reuse a layout with new numbers. A
suppressed value is drawn as its marker text at zero, never as a bar; a reported zero gets a
bar of no length and the label "0", so the two never look alike. Category names sit on their
own line above their marks (`labels_above`), so the marks have the full width on a phone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .chart_theme import FONT, FONT_SIZE, INK, MUTED, NARROW_WIDTH, PADDING, STEP, WIDTH

if TYPE_CHECKING:
    import altair as alt

    from .chart_data import ChartData

MARKS, LABELS = "datum.kind == 'mark'", "datum.kind == 'label'"


def vega_spec(chart: ChartData) -> dict[str, Any]:
    draw = {"bars": _bars, "ticks": _ticks, "lines": _lines}[chart.draw.kind]
    return _configured(draw(chart))


def _configured(chart: Any) -> dict[str, Any]:
    # configure() first: it replaces the whole config, so the parts are set after it.
    return (
        chart.configure(background="white", font=FONT, padding=PADDING)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelColor=INK, titleColor=INK, labelOverlap=True)
        .configure_legend(labelFontSize=FONT_SIZE, symbolType="square", columnPadding=24)
        .configure_header(labelFontSize=FONT_SIZE + 1, labelColor=INK)
        .to_dict()
    )


def _colour(chart: ChartData, legend: bool) -> alt.Color:
    import altair as alt

    labels = [label for label, _ in chart.draw.groups]
    scale = alt.Scale(domain=labels, range=[colour for _, colour in chart.draw.groups])
    shown = alt.Legend(values=labels, title=None, orient="top", direction="horizontal", columns=2) if legend else None
    return alt.Color("group:N", scale=scale, sort=labels, legend=shown)


def _facet(layer: Any, chart: ChartData) -> Any:
    import altair as alt

    if not chart.draw.facet or len(chart.councils) < 2:
        return layer
    header = alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start", labelFontWeight="bold", labelPadding=4)
    return layer.facet(row=alt.Row("council:N", title=None, sort=chart.councils, header=header), spacing=STEP)


def _x(chart: ChartData) -> alt.X:
    import altair as alt

    return alt.X("x:Q", title=chart.draw.x_title, axis=alt.Axis(format=",.0f", tickMinStep=1, tickCount=4, grid=True))


def _names_and_markers(base: Any) -> list[Any]:
    """Category names above their marks, and suppressed markers where a bar would start."""
    import altair as alt

    names = base.transform_filter(LABELS).mark_text(align="left", baseline="middle", color=INK, fontSize=FONT_SIZE, aria=False)
    hidden = base.transform_filter(f"{MARKS} && datum.x == null").mark_text(
        align="left", dx=3, baseline="middle", fontStyle="italic", color=MUTED, fontSize=FONT_SIZE
    )
    return [
        names.encode(x=alt.datum(0), text="x_text:N"),
        hidden.encode(x=alt.datum(0), text="x_text:N", description=alt.Description("mark_label:N")),
    ]


def _slot_y() -> alt.Y:
    import altair as alt

    return alt.Y("slot:O", axis=None, scale=alt.Scale(paddingInner=0.2, paddingOuter=0.1))


def _bars(chart: ChartData) -> Any:
    import altair as alt

    draw = chart.draw
    if draw.labels_above:
        base = alt.Chart().encode(y=_slot_y())
        shown = base.transform_filter(f"{MARKS} && datum.x != null")
        extra = _names_and_markers(base)
        size = {"width": WIDTH, "height": alt.Step(STEP)}
    else:
        axis = alt.Axis(ticks=False, domain=False)
        y = {"y": alt.Y("row:N", title=None, sort=draw.rows, axis=axis, scale=alt.Scale(paddingInner=0.08, paddingOuter=0.04))}
        if draw.offset:
            y["yOffset"] = alt.YOffset("group:N", sort=[label for label, _ in draw.groups])
        base = alt.Chart().encode(**y)
        shown = base.transform_filter("datum.x != null")
        hidden = base.transform_filter("datum.x == null").mark_text(align="left", dx=3, fontStyle="italic", color=MUTED, fontSize=FONT_SIZE)
        extra = [hidden.encode(x=alt.datum(0), text="x_text:N", description=alt.Description("mark_label:N"))]
        size = {"width": NARROW_WIDTH, "height": alt.Step(13)}
        # Too many bars to label each; a zero still reads "0", unlike a suppressed marker.
        zero = shown.transform_filter("datum.x == 0").mark_text(align="left", dx=3, baseline="middle", color=INK, fontSize=FONT_SIZE, aria=False)
        extra.append(zero.encode(x="x:Q", text="x_text:N"))
    # A legend only where the colours are not already the names beside the bars.
    bars = shown.mark_bar().encode(x=_x(chart), color=_colour(chart, draw.offset), description=alt.Description("mark_label:N"))
    layers = [bars, *extra]
    if len(chart.marks) <= 24 and draw.labels_above:
        values = shown.mark_text(align="left", dx=3, baseline="middle", color=INK, fontSize=FONT_SIZE, aria=False)
        layers.append(values.encode(x="x:Q", text="x_text:N"))
    return _facet(alt.layer(*layers, data=alt.Data(values=chart.plot_rows())).properties(**size), chart)


def _ticks(chart: ChartData) -> Any:
    import altair as alt

    base = alt.Chart().encode(y=_slot_y())
    ticks = (
        base.transform_filter(MARKS)
        .mark_tick(thickness=2, color=chart.draw.groups[0][1], opacity=0.7)
        .encode(x=_x(chart), description=alt.Description("mark_label:N"))
    )
    names = base.transform_filter(LABELS).mark_text(align="left", baseline="middle", color=INK, fontSize=FONT_SIZE, aria=False)
    layer = alt.layer(ticks, names.encode(x=alt.datum(0), text="x_text:N"), data=alt.Data(values=chart.plot_rows()))
    return layer.properties(width=WIDTH, height=alt.Step(STEP))


def _lines(chart: ChartData) -> Any:
    import altair as alt

    draw = chart.draw
    # Every period's name would overlap at a phone's width: name about four, evenly spaced.
    every = max(1, -(-len(draw.rows) // 4))
    axis = alt.Axis(labelAngle=0, values=draw.rows[::every], ticks=False)
    base = alt.Chart().encode(x=alt.X("row:O", title=None, sort=draw.rows, axis=axis))
    y = alt.Y("x:Q", title=draw.x_title, axis=alt.Axis(format=",.0f", tickCount=4))
    shown = base.transform_filter("datum.x != null")
    line = shown.mark_line().encode(y=y, color=_colour(chart, len(draw.groups) > 1), detail="group:N")
    points = shown.mark_point(filled=True, size=40).encode(y=y, color=_colour(chart, False), description=alt.Description("mark_label:N"))
    hidden = (
        base.transform_filter("datum.x == null")
        .mark_text(fontStyle="italic", color=MUTED, fontSize=FONT_SIZE, baseline="bottom")
        .encode(y=alt.datum(0), text="x_text:N", description=alt.Description("mark_label:N"))
    )
    layer = alt.layer(line, points, hidden, data=alt.Data(values=chart.plot_rows())).properties(width=NARROW_WIDTH, height=120)
    return _facet(layer, chart)
