"""Live (ipywidgets) versions of the explorers in explorers.py."""

from __future__ import annotations

import html

import ipywidgets as w

from .explorers import WORDS, norm_items_html
from .progress import ProgressStore

_WIDE = {"description_width": "initial"}


def norms_widget(data: dict) -> w.VBox:
    """Filter the 11 norms by kind and by a search word; related incidents are listed."""
    norms = data["norms"]
    kind = w.Dropdown(options=[(WORDS["all_norms"], ""), (WORDS["do_norms"], "do"), (WORDS["dont_norms"], "don't")],
                      value="", description=WORDS["show"], style=_WIDE)
    query = w.Text(description=WORDS["search"], style=_WIDE)
    status, listing = w.HTML(), w.HTML()

    def update(_=None) -> None:
        words = query.value.strip().lower()
        shown = [r for r in norms if (not kind.value or r["kind"] == kind.value)
                 and (not words or words in " ".join([r["norm"], r["short_name"], r["paraphrase"], *r["incidents"]]).lower())]
        status.value = f"<p>{html.escape(WORDS['shown'].format(n=len(shown), total=len(norms)))}</p>"
        listing.value = norm_items_html(shown)

    kind.observe(update, "value")
    query.observe(update, "value")
    update()
    return w.VBox([w.HBox([kind, query]), status, listing])


def assessment_widget(data: dict, store: ProgressStore | None = None) -> w.VBox:
    """Rate five dimensions from 1 to 5; the ratings are saved and drawn as a radar chart."""
    store = store or ProgressStore()
    saved = store.load_answers("self-assessment")
    stages = [(f"{s['stage']}: {s['name']}", s["stage"]) for s in data["stages"]]
    menus = {d["id"]: w.Dropdown(options=[(WORDS["not_rated"], None)] + stages, value=saved.get(d["id"]),
                                 description=d["name"], style=_WIDE, layout=w.Layout(width="auto"))
             for d in data["dimensions"]}
    chart = w.Output()

    def update(_=None) -> None:
        answers = {k: m.value for k, m in menus.items() if m.value is not None}
        store.save_answers("self-assessment", answers)
        chart.clear_output(wait=True)
        with chart:
            _draw_radar(data, answers)

    for menu in menus.values():
        menu.observe(update, "value")
    with chart:
        _draw_radar(data, {k: v for k, v in saved.items() if k in menus})
    return w.VBox([w.HTML(f"<p><strong>{html.escape(WORDS['rate'])}</strong></p>"), *menus.values(), chart])


def _draw_radar(data: dict, answers: dict) -> None:
    import math

    import matplotlib.pyplot as plt

    names = [d["name"] for d in data["dimensions"]]
    values = [answers.get(d["id"], 0) for d in data["dimensions"]]
    angles = [2 * math.pi * i / len(names) for i in range(len(names))]
    fig, ax = plt.subplots(figsize=(5, 5), subplot_kw={"polar": True})
    ax.plot(angles + angles[:1], values + values[:1], marker="o", color="#1f6f8b")
    ax.fill(angles + angles[:1], values + values[:1], alpha=0.2, color="#1f6f8b")
    ax.set_xticks(angles, [n.replace(" ", "\n", 1) for n in names], fontsize=8)
    ax.set_ylim(0, len(data["stages"]))
    ax.set_yticks(range(1, len(data["stages"]) + 1))
    rated = sum(1 for v in values if v)
    ax.set_title(WORDS["rated"].format(n=rated, total=len(names)))
    plt.show()
