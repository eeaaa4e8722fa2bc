"""Vega-Lite specifications for the three ways marks are drawn: bars, ticks (strip) and lines.

All three take a ChartData's marks, which carry everything a mark shows; the data appear once in
the spec (at its top), so `chart_render` can reuse a layout with new numbers. A suppressed value
is drawn as its marker text at zero, never as a bar; a reported zero gets a bar of no length
and the label "0", so the two never look alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .chart_theme import FONT, FONT_SIZE, INK, MUTED, PADDING, WIDTH

if TYPE_CHECKING:
    import altair as alt

    from .charts import ChartData


def vega_spec(chart: ChartData) -> dict[str, Any]:
    draw = {"bars": _bars, "ticks": _ticks, "lines": _lines}[chart.draw.kind]
    return _configured(draw(chart))


def _configured(chart: Any) -> dict[str, Any]:
    return (
        chart.configure_view(stroke=None)
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelColor=INK, titleColor=INK)
        .configure_legend(labelFontSize=FONT_SIZE)
        .configure_header(labelFontSize=FONT_SIZE + 1)
        .configure(background="white", font=FONT, padding=PADDING)
        .to_dict()
    )


def _colour(chart: ChartData, legend: bool) -> alt.Color:
    import altair as alt

    labels = [label for label, _ in chart.draw.groups]
    scale = alt.Scale(domain=labels, range=[colour for _, colour in chart.draw.groups])
    return alt.Color("group:N", scale=scale, sort=labels, legend=alt.Legend(values=labels, title=None, orient="top") if legend else None)


def _facet(layer: Any, chart: ChartData) -> Any:
    import altair as alt

    if not chart.draw.facet or len(chart.councils) < 2:
        return layer
    header = alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start", labelFontWeight="bold")
    return layer.facet(row=alt.Row("council:N", title=None, sort=chart.councils, header=header), spacing=12)


def _bars(chart: ChartData) -> Any:
    import altair as alt

    draw = chart.draw
    y = {"y": alt.Y("row:N", title=None, sort=draw.rows)}
    if draw.offset:
        y["yOffset"] = alt.YOffset("group:N", sort=[label for label, _ in draw.groups])
    x = alt.X("x:Q", title=draw.x_title, axis=alt.Axis(format=",.0f", tickMinStep=1, tickCount=4))
    base = alt.Chart().encode(**y)
    bars = (
        base.transform_filter("datum.x != null")
        .mark_bar()
        .encode(x=x, color=_colour(chart, draw.offset), description=alt.Description("mark_label:N"))
    )
    values = (
        base.transform_filter("datum.x != null")
        .mark_text(align="left", dx=3, color=INK, fontSize=FONT_SIZE, aria=False)
        .encode(x="x:Q", text="x_text:N")
    )
    hidden = (
        base.transform_filter("datum.x == null")
        .mark_text(align="left", dx=3, fontStyle="italic", color=MUTED, fontSize=FONT_SIZE)
        .encode(x=alt.datum(0), text="x_text:N", description=alt.Description("mark_label:N"))
    )
    layer = alt.layer(bars, values, hidden, data=alt.Data(values=chart.plot_rows())).properties(width=WIDTH)
    return _facet(layer, chart)


def _ticks(chart: ChartData) -> Any:
    import altair as alt

    draw = chart.draw
    return (
        alt.Chart(alt.Data(values=chart.plot_rows()))
        .mark_tick(thickness=2, color=draw.groups[0][1], opacity=0.7)
        .encode(
            x=alt.X("x:Q", title=draw.x_title, axis=alt.Axis(format=",.0f", tickCount=4)),
            y=alt.Y("row:N", title=None, sort=draw.rows),
            description=alt.Description("mark_label:N"),
        )
        .properties(width=WIDTH)
    )


def _lines(chart: ChartData) -> Any:
    import altair as alt

    draw = chart.draw
    x = alt.X("row:O", title=None, sort=draw.rows, axis=alt.Axis(labelAngle=0))
    base = alt.Chart().encode(x=x)
    y = alt.Y("x:Q", title=draw.x_title, axis=alt.Axis(format=",.0f", tickCount=4))
    shown = base.transform_filter("datum.x != null")
    line = shown.mark_line().encode(y=y, color=_colour(chart, len(draw.groups) > 1), detail="group:N")
    points = shown.mark_point(filled=True, size=40).encode(y=y, color=_colour(chart, False), description=alt.Description("mark_label:N"))
    hidden = (
        base.transform_filter("datum.x == null")
        .mark_text(fontStyle="italic", color=MUTED, fontSize=FONT_SIZE, baseline="bottom")
        .encode(y=alt.datum(0), text="x_text:N", description=alt.Description("mark_label:N"))
    )
    layer = alt.layer(line, points, hidden, data=alt.Data(values=chart.plot_rows())).properties(width=WIDTH, height=160)
    return _facet(layer, chart)
