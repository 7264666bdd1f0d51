"""The branches graph as one SVG string, drawn beside the outline's rows (core/graph.py lays it out).

The SVG is decoration: each row of the outline is a button that names its message and is what a click or the
keyboard reaches; the graph only shows how the rows hang together. It is drawn in user units, a row ROW high and
a lane LANE wide; the sheet sizes it to the rows (app.css, --row-h and --lane-w in the same proportion).
"""

from __future__ import annotations

from plauder.core.graph import Graph, GraphNode

ROW = 10
LANE = 6
RADIUS = 2.2


def centre(row: int, lane: int) -> tuple[float, float]:
    return lane * LANE + LANE / 2, row * ROW + ROW / 2


def edge_path(node: GraphNode) -> str:
    """From the parent down to `node`: straight in one lane; to another lane, a bend into it by the next row
    (where only the parent's first child is), then straight down its lane, which no other node holds."""
    assert node.parent is not None
    (px, py), (x, y) = centre(*node.parent), centre(node.row, node.lane)
    if px == x:
        return f"M{px:g} {py:g}V{y:g}"
    bend = py + ROW
    return f"M{px:g} {py:g}C{px:g} {py + ROW * 0.6:g} {x:g} {py + ROW * 0.4:g} {x:g} {bend:g}V{y:g}"


def graph_svg(graph: Graph) -> str:
    """Edges under nodes; the visible thread's marked (class "on-path"), a question's node hollow."""
    edges, nodes = [], []
    for node in graph.nodes:
        marked = " on-path" if node.on_path else ""
        if node.parent is not None:
            edges.append(f'<path class="edge{marked}" d="{edge_path(node)}"/>')
        x, y = centre(node.row, node.lane)
        nodes.append(f'<circle class="node {node.role}{marked}" cx="{x:g}" cy="{y:g}" r="{RADIUS:g}"/>')
    width, height = graph.lanes * LANE, len(graph.nodes) * ROW
    return (
        f'<svg class="graph" viewBox="0 0 {width} {height}" aria-hidden="true" focusable="false">'
        f"{''.join(edges)}{''.join(nodes)}</svg>"
    )
