"""The shared SVG charts: well-formed, accessible, and drawable by WeasyPrint."""

import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.template import engines
from django.utils import translation
from pypdf import PdfReader

from reporting.charts import bar_chart, line_chart, star_diagram
from reporting.pdf import render_pdf

SVG = "{http://www.w3.org/2000/svg}"
AXES = ["Een eigen woning", "Schulden onder controle", "Werk dat bij me past", "Rust in mijn hoofd"]


def svg_root(markup: str) -> ET.Element:
    """The <svg> element, parsed as XML (fails on malformed markup)."""
    figure = ET.fromstring(str(markup))
    assert figure.tag == "figure"
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    return svg


def readings(n):
    scores = [
        {"Een eigen woning": 1, "Schulden onder controle": 2, "Werk dat bij me past": 1, "Rust in mijn hoofd": 2},
        {"Een eigen woning": 2, "Schulden onder controle": 3, "Werk dat bij me past": 2, "Rust in mijn hoofd": 3},
        {"Een eigen woning": 4, "Schulden onder controle": 3, "Werk dat bij me past": 3, "Rust in mijn hoofd": 5},
    ]
    labels = ["02/01/2026 – Sara (coach)", "03/03/2026 – deelnemer zelf", "05/05/2026 – Sara (coach)"]
    return list(zip(labels, scores))[:n]


@pytest.mark.parametrize("n", [1, 2, 3])
def test_the_star_diagram_draws_one_polygon_and_one_legend_entry_per_reading(n):
    with translation.override("nl-be"):
        markup = star_diagram(AXES, readings(n))
    svg = svg_root(markup)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
    polygons = svg.findall(f"{SVG}g[@class='reading']/{SVG}polygon[@class='area']")
    assert len(polygons) == n
    # each reading its own colour
    assert len({p.get("stroke") for p in polygons}) == n
    texts = "".join(svg.itertext())
    for label, _scores in readings(n):
        assert label in texts  # legend
    for axis in AXES:
        assert axis.split()[0] in texts
    # the text alternative: a table with every reading and score
    table = ET.fromstring(str(markup)).find("div[@class='chart-data visually-hidden']/table")
    assert [th.text for th in table.find("thead/tr")][1:] == [label for label, _ in readings(n)]
    assert len(table.findall("tbody/tr")) == len(AXES)


def test_the_star_diagram_puts_a_score_at_its_distance_from_the_centre():
    svg = svg_root(star_diagram(["A", "B", "C"], [("lezing", {"A": 5, "B": 5, "C": 5})], size=420))
    polygon = svg.find(f"{SVG}g[@class='reading']/{SVG}polygon[@class='area']")
    first = [float(v) for v in polygon.get("points").split()[0].split(",")]
    view = [float(v) for v in svg.get("viewBox").split()]
    centre = view[2] / 2  # horizontally
    # A (first spoke) points straight up; 5 out of 5 is the outer ring
    outer = svg.findall(f"{SVG}polygon")[4]  # fifth ring drawn
    ring_top = [float(v) for v in outer.get("points").split()[0].split(",")]
    assert first == pytest.approx(ring_top)
    assert first[0] == pytest.approx(centre) and first[1] < centre


def test_a_missing_axis_score_is_drawn_at_the_centre_and_shown_as_a_dash_in_the_table():
    markup = str(star_diagram(["A", "B", "C"], [("lezing", {"A": 3})]))
    svg = svg_root(markup)
    assert len(svg.findall(f"{SVG}g[@class='reading']/{SVG}circle")) == 1  # only A has a marker
    assert "<td class=\"num\">–</td>" in markup


def test_labels_are_escaped():
    markup = str(star_diagram(["<script>"], [("a & b", {"<script>": 2})]))
    assert "<script>" not in markup
    svg_root(markup)


def test_the_line_chart_scales_dates_in_time_and_keeps_the_y_range():
    points = [(date(2026, 1, 1), 3), (date(2026, 1, 11), 5), (date(2026, 3, 1), 4)]
    svg = svg_root(line_chart(points, 1, 10, title="Schaal 1-10", width=600, height=300))
    line = svg.find(f"{SVG}g[@class='series']/{SVG}polyline")
    xs = [float(p.split(",")[0]) for p in line.get("points").split()]
    # 10 days of 59 between the first two points
    assert (xs[1] - xs[0]) / (xs[2] - xs[0]) == pytest.approx(10 / 59, abs=0.01)
    y_labels = [t.text for t in svg.findall(f"{SVG}text[@class='y-label']")]
    assert y_labels[0] == "1" and y_labels[-1] == "10"


def test_date_labels_on_the_x_axis_neither_overlap_nor_leave_the_chart():
    # A phone showed "22/10/202" cut off at the right edge and clustered dates on top of each other.
    start = date(2025, 3, 1)
    points = [(start + timedelta(days=d), 5) for d in (0, 3, 6, 40, 44, 200, 560, 596, 600)]
    svg = svg_root(line_chart(points, 1, 10, title="Schaal 1-10", width=640, height=300))
    labels = svg.findall(f"{SVG}text[@class='x-label']")
    texts = [t.text for t in labels]
    assert texts[0] == "01/03/2025" and texts[-1] == "22/10/2026"
    xs = [float(t.get("x")) for t in labels]
    assert all(b - a >= 10 * 6 for a, b in zip(xs, xs[1:], strict=False))
    assert labels[-1].get("text-anchor") == "end" and xs[-1] <= 640


def test_the_line_chart_has_gaps_for_missing_values_and_a_legend_for_several_series():
    markup = line_chart(
        [("2026 K1", 3), ("2026 K2", None), ("2026 K3", 4), ("2026 K4", 6)], 0, 10,
        title="Evolutie", label="Turnhout", other_series=[("Doel", [("2026 K1", 5), ("2026 K4", 8)])],
    )
    svg = svg_root(markup)
    assert len(svg.findall(f"{SVG}g[@class='series']/{SVG}polyline")) == 2  # K3-K4 for Turnhout, and Doel
    assert "Doel" in "".join(svg.itertext())


def test_numbers_in_the_text_alternative_follow_the_dutch_locale():
    with translation.override("nl-be"):
        markup = str(bar_chart({"Gemiddelde duur": 2.5}, title="Duur"))
    assert "2,5" in markup


def test_the_bar_chart_draws_proportional_bars_and_groups_with_a_legend():
    svg = svg_root(bar_chart({"Verkeerd begrepen vraag": 4, "Mismatch met de dienst": 2}, title="Faalvragen"))
    bars = svg.findall(f"{SVG}rect")[1:]  # the first rect is the background
    assert float(bars[0].get("width")) == pytest.approx(2 * float(bars[1].get("width")), rel=0.01)
    grouped = svg_root(bar_chart({"2026 K1": {"Waarde": 3, "Verspilling": 1}}, title="Acties"))
    assert {"Waarde", "Verspilling"} <= set(grouped.itertext())


def test_empty_charts_say_so():
    for markup in (star_diagram([], []), line_chart([], 1, 10, title="x"), bar_chart({}, title="y")):
        svg_root(markup)
        assert "Nog geen" in str(markup)


def test_weasyprint_draws_the_charts_in_a_pdf(tmp_path, settings):
    (tmp_path / "chart_test.html").write_text(
        '{% extends "pdf/base.html" %}{% block content %}<h1>Casus</h1>{{ star }}{{ line }}{{ bar }}{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    engines._templates = None
    engines.__dict__.pop("templates", None)
    context = {
        "title": "Grafieken",
        "star": star_diagram(AXES, readings(3)),
        "line": line_chart([(date(2026, 1, 1), 3), (date(2026, 2, 1), 5)], 1, 10, title="Schaal"),
        "bar": bar_chart({"Waarde": 3, "Verspilling": 1}, title="Acties"),
    }
    data = render_pdf("chart_test.html", context)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Casus" in text
    # the legend and axis labels are real text in the PDF (drawn, not dropped)
    assert "Sara (coach)" in text and "Schulden" in text
    image_count = data.count(b"/Subtype /Image")
    assert image_count == 0  # vectors, not a rasterised fallback
