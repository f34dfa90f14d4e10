"""The network written for other tools: Graphviz (DOT), Mermaid and Gephi (GraphML)."""

from __future__ import annotations

import re
from typing import Any

Row = dict[str, Any]

_DOT_STYLE = {
    "person": 'shape=ellipse, style=filled, fillcolor="#fde2b5"',
    "party": 'shape=box, style="rounded,filled", fillcolor="#f7b6b2"',
    "country": 'shape=doubleoctagon, style=filled, fillcolor="#c9e4c5"',
    "organisation": 'shape=box, style=filled, fillcolor="#bfd7ed"',
    "event": 'shape=note, style=filled, fillcolor="#eeeeee", fontsize=9',
}


def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _wrap(text: str, width: int = 28) -> str:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def to_dot(net: Row) -> str:
    out = ["digraph idkb {",
           '  graph [rankdir=LR, overlap=false, splines=true, fontname="Helvetica"];',
           '  node [fontname="Helvetica", fontsize=10];',
           '  edge [fontname="Helvetica", fontsize=8, color="#666666"];']
    for n in net["nodes"]:
        lines = (_dot_text(line)[1:-1] for line in _wrap(n["label"]).split("\n"))
        label = '"' + "\\n".join(lines) + '"'
        out.append(f"  {_dot_text(n['id'])} [label={label}, {_DOT_STYLE[n['kind']]}];")
    for e in net["edges"]:
        # Roles on the dashed event lines would crowd the picture; GraphML and JSON keep them.
        attrs = ("style=dashed, arrowhead=none" if e["via"] == "event"
                 else f"label={_dot_text(e['label'])}")
        out.append(f"  {_dot_text(e['source'])} -> {_dot_text(e['target'])} [{attrs}];")
    out.append("}")
    return "\n".join(out) + "\n"


def _mermaid_text(text: str) -> str:
    """A quoted Mermaid label with every character Mermaid reads as markup (HTML tags,
    entities, quotes) written as an entity code, so data shows as text."""
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"),
                       ("&", "#amp;"), ("\n", " ")):
        text = text.replace(char, code)
    return '"' + text + '"'


def to_mermaid(net: Row) -> str:
    ids = {n["id"]: f"n{i}" for i, n in enumerate(net["nodes"])}
    shapes = {"person": ("([", "])"), "party": ("(", ")"), "country": ("{{", "}}"),
              "organisation": ("[", "]"), "event": (">", "]")}
    out = ["graph LR"]
    for n in net["nodes"]:
        left, right = shapes[n["kind"]]
        out.append(f"  {ids[n['id']]}{left}{_mermaid_text(n['label'])}{right}")
    for e in net["edges"]:
        arrow = "---" if e["via"] == "event" else "-->"
        out.append(f"  {ids[e['source']]} {arrow}|{_mermaid_text(e['label'])}| "
                   f"{ids[e['target']]}")
    return "\n".join(out) + "\n"


def to_graphml(net: Row) -> str:
    # Imported here: xml.sax pulls in urllib and email, which no other command needs.
    from xml.sax.saxutils import quoteattr

    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           '  <key id="label" for="all" attr.name="label" attr.type="string"/>',
           '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
           '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
           '  <key id="via" for="edge" attr.name="via" attr.type="string"/>',
           '  <key id="when" for="all" attr.name="when" attr.type="string"/>',
           # ISO days (YYYY-MM-DD): the first and last day a dated link or event can cover.
           '  <key id="start" for="all" attr.name="start" attr.type="string"/>',
           '  <key id="end" for="all" attr.name="end" attr.type="string"/>',
           # The statement's or event's id, the record the edge comes from.
           '  <key id="record" for="edge" attr.name="record" attr.type="string"/>',
           '  <key id="date" for="node" attr.name="date" attr.type="string"/>',
           '  <key id="as_of" for="edge" attr.name="as_of" attr.type="string"/>',
           '  <graph id="idkb" edgedefault="directed">']
    for n in net["nodes"]:
        out.append(f"    <node id={quoteattr(_xml(n['id']))}>" + _data(
            label=n["label"], kind=n["kind"], when=n.get("when"), date=n.get("date"),
            start=n.get("start"), end=n.get("end")) + "</node>")
    for i, e in enumerate(net["edges"]):
        out.append(f'    <edge id="e{i}" source={quoteattr(_xml(e["source"]))} '
                   f"target={quoteattr(_xml(e['target']))}>" + _data(
                       label=e["label"], relation=e["relation"], via=e["via"], when=e["when"],
                       record=e["id"], start=e.get("start"), end=e.get("end"),
                       as_of=e.get("as_of"))
                   + "</edge>")
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """Characters XML 1.0 cannot hold at all are dropped (escaping cannot save them)."""
    return _NOT_XML.sub("", text)


def _data(**values: str | None) -> str:
    from xml.sax.saxutils import escape

    return "".join(f'<data key="{k}">{escape(_xml(v))}</data>' for k, v in values.items() if v)
