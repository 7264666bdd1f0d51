"""The branches graph's SVG (web/graph_markup.py, pure): decoration hidden from assistive technology, edges
under nodes, the visible thread marked, a branch bending into its own lane by the next row."""

from __future__ import annotations

from plauder.core.graph import Graph, GraphNode
from plauder.core.records import Role
from plauder.web.graph_markup import edge_path, graph_svg

GRAPH = Graph(
    (
        GraphNode("q", Role.USER, 0, 0, None, True),
        GraphNode("a1", Role.ASSISTANT, 1, 0, (0, 0), False),
        GraphNode("a2", Role.ASSISTANT, 2, 1, (0, 0), True),
    ),
    lanes=2,
)


def test_the_svg_is_sized_to_rows_and_lanes_and_hidden_from_assistive_technology() -> None:
    svg = graph_svg(GRAPH)
    assert svg.startswith('<svg class="graph" viewBox="0 0 12 30" aria-hidden="true" focusable="false">')
    assert svg.index("<path") < svg.index("<circle")  # edges first, so nodes are drawn over them
    assert svg.count("<circle") == 3 and svg.count("<path") == 2
    assert '<circle class="node user on-path" cx="3" cy="5" r="2.2"/>' in svg
    assert '<circle class="node assistant" cx="3" cy="15" r="2.2"/>' in svg
    assert '<path class="edge on-path" d="M3 5C3 11 9 9 9 15V25"/>' in svg


def test_an_edge_is_straight_in_one_lane_and_bends_by_the_next_row_into_another() -> None:
    assert edge_path(GRAPH.nodes[1]) == "M3 5V15"
    assert edge_path(GRAPH.nodes[2]).startswith("M3 5C") and edge_path(GRAPH.nodes[2]).endswith("9 15V25")
