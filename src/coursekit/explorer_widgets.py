"""Live (ipywidgets) versions of the explorers in explorers.py."""

from __future__ import annotations

import ipywidgets as w

from .explorers import norm_items_html, words
from .markup import Markup, html, join
from .progress import ProgressStore
from .widgets import _WIDE, announced


def norms_widget(data: dict) -> w.VBox:
    """Filter the 11 norms by kind and by a search word; related incidents are listed."""
    norms = data["norms"]
    kind = w.Dropdown(options=[(words()["all_norms"], ""), (words()["do_norms"], "do"), (words()["dont_norms"], "don't")],
                      value="", description=words()["show"], style=_WIDE)
    query = w.Text(description=words()["search"], style=_WIDE)
    status, listing = w.HTML(), w.HTML()

    def update(_=None) -> None:
        typed = query.value.strip().lower()
        shown = [r for r in norms if (not kind.value or r["kind"] == kind.value)
                 and (not typed or typed in " ".join([r["norm"], r["short_name"], r["paraphrase"], *r["incidents"]]).lower())]
        status.value = html("<p>{shown}</p>", shown=words()["shown"].format(n=len(shown), total=len(norms)))
        listing.value = norm_items_html(shown)

    kind.observe(update, "value")
    query.observe(update, "value")
    update()
    return w.VBox([w.HBox([kind, query]), status, listing])


def assessment_widget(data: dict, store: ProgressStore | None = None) -> w.VBox:
    """Rate five dimensions from 1 to 5; the ratings are saved and drawn as a radar chart."""
    store = store or ProgressStore()
    stages = [(f"{s['stage']}: {s['name']}", s["stage"]) for s in data["stages"]]
    # A saved rating that is not a stage of the scale (an edited or older file) is dropped:
    # a menu given a value it does not offer would raise.
    scale = {value for _, value in stages}
    saved = {k: v for k, v in store.load_answers("self-assessment").items() if v in scale}
    menus = {d["id"]: w.Dropdown(options=[(words()["not_rated"], None)] + stages, value=saved.get(d["id"]),
                                 description=d["name"], style=_WIDE, layout=w.Layout(width="auto"))
             for d in data["dimensions"]}
    chart = w.HTML()

    def update(_=None) -> None:
        answers = {k: m.value for k, m in menus.items() if m.value is not None}
        store.save_answers("self-assessment", answers)
        chart.value = _radar_html(data, answers)

    for menu in menus.values():
        menu.observe(update, "value")
    chart.value = _radar_html(data, {k: v for k, v in saved.items() if k in menus})
    return w.VBox([w.HTML(html("<p><strong>{rate}</strong></p>", rate=words()["rate"])), *menus.values(), chart])


def _radar_html(data: dict, answers: dict) -> Markup:
    """The radar chart as an <img> with alt text (a PNG in a data: URL, so no file and no
    network), drawn on a bare Figure so nothing leaks into the notebook's own outputs."""
    import base64
    import io
    import math

    from matplotlib.figure import Figure

    names = [d["name"] for d in data["dimensions"]]
    values = [answers.get(d["id"], 0) for d in data["dimensions"]]
    angles = [2 * math.pi * i / len(names) for i in range(len(names))]
    fig = Figure(figsize=(5, 5))
    ax = fig.add_subplot(polar=True)
    ax.plot(angles + angles[:1], values + values[:1], marker="o", color="#1f6f8b")
    ax.fill(angles + angles[:1], values + values[:1], alpha=0.2, color="#1f6f8b")
    ax.set_xticks(angles, [n.replace(" ", "\n", 1) for n in names], fontsize=8)
    ax.set_ylim(0, len(data["stages"]))
    ax.set_yticks(range(1, len(data["stages"]) + 1))
    rated = words()["rated"].format(n=sum(1 for v in values if v), total=len(names))
    ax.set_title(rated)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    stage = {s["stage"]: f"{s['stage']}: {s['name']}" for s in data["stages"]}
    summary = "; ".join(f"{n} {stage.get(v, words()['not_rated'])}" for n, v in zip(names, values))
    src = base64.b64encode(buffer.getvalue()).decode()
    return html('<img alt="{alt}" src="data:image/png;base64,{src}" width="400"><p>{rated}</p>',
                alt=words()["chart_label"].format(summary=summary), src=src, rated=rated)


def tabletop_widget(scenario) -> w.VBox:
    """Play a tabletop scenario: one decision at a time, feedback, path review, restart."""
    from .presentation import md_block
    from .tabletop import words as tabletop_words

    TT = tabletop_words()

    text, feedback, review = w.HTML(), w.HTML(), w.HTML()
    choices = w.VBox()
    path: list[tuple[str, str]] = []

    def show(name: str) -> None:
        node = scenario.nodes[name]
        text.value, feedback.value, review.value = md_block(node.text), "", ""
        if node.ending:
            outcome = TT["ending"].format(outcome=TT["outcomes"][node.ending])
            steps = join(html("<li><p>{step}: {label}</p>{feedback}</li>", step=TT["step"].format(n=i), label=label, feedback=md_block(fb))
                         for i, (label, fb) in enumerate(path, 1))
            review.value = announced(html("<p><strong>{outcome}</strong></p><p>{review}</p><ol>{steps}</ol>",
                                          outcome=outcome, review=TT["review"], steps=steps))
            choices.children = [_button(TT["restart"], restart)]
            return
        choices.children = [_button(c.label, lambda _, c=c: choose(c)) for c in node.choices]

    def choose(choice) -> None:
        path.append((choice.label, choice.feedback))
        for b in choices.children:
            b.disabled = True
        feedback.value = announced(html("<p><strong>{label}</strong></p>{feedback}", label=TT["feedback"], feedback=md_block(choice.feedback)))
        choices.children = [*choices.children, _button(TT["continue"], lambda _: show(choice.next))]

    def restart(_=None) -> None:
        path.clear()
        show(scenario.start)

    show(scenario.start)
    return w.VBox([w.HTML(md_block(scenario.intro)), text, w.HTML(html("<p>{choose}</p>", choose=TT["choose"])), choices, feedback, review])


def _button(label: str, on_click) -> w.Button:
    button = w.Button(description=label, tooltip=label, layout=w.Layout(width="auto", max_width="100%"))
    button.on_click(on_click)
    return button
