/* coursekit tabletop player: turns the linked, readable scenario (coursekit/tabletop.py)
   into one decision at a time, with feedback, a review of the path and a restart.
   Only pages with a tabletop exercise load this file. */
(() => {
  "use strict";

  function make(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function player(root) {
    const word = (k) => root.getAttribute("data-w-" + k);
    const nodes = {};
    for (const n of root.querySelectorAll(".ck-tt-node")) nodes[n.dataset.node] = n;
    root.querySelector(".ck-tt-nodes").hidden = true;
    root.querySelector(".ck-nojs").hidden = true;
    const stage = make("div", "ck-tt-stage");
    const live = make("p", "ck-tt-live");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    root.insertBefore(stage, root.querySelector(".ck-sources"));
    root.insertBefore(live, root.querySelector(".ck-sources"));
    let path = [];

    function show(name, focus = true) {
      const node = nodes[name];
      const text = node.querySelector(".ck-tt-text").cloneNode(true);
      text.tabIndex = -1; // focus moves here, so screen readers read the new situation
      stage.replaceChildren(text);
      const outcome = node.querySelector(".ck-tt-outcome");
      if (outcome) {
        stage.append(outcome.cloneNode(true), review(), button(word("restart"), "ck-tt-restart", () => { path = []; show(root.dataset.start); }));
        live.textContent = outcome.textContent;
      } else {
        const group = make("div", "ck-tt-choices");
        group.setAttribute("role", "group");
        group.setAttribute("aria-label", word("choose"));
        for (const li of node.querySelectorAll(".ck-tt-choice")) {
          group.append(button(li.querySelector(".ck-tt-label").textContent, "ck-tt-option", (b) => choose(li, b, group)));
        }
        stage.append(make("p", "ck-tt-question", word("choose")), group);
      }
      if (focus) text.focus();
    }

    function choose(li, chosen, group) {
      for (const b of group.querySelectorAll("button")) b.disabled = true;
      chosen.setAttribute("aria-pressed", "true");
      const feedback = li.querySelector(".ck-tt-feedback").cloneNode(true);
      path.push({ label: chosen.textContent, feedback: feedback.cloneNode(true) });
      const box = make("div", "ck-tt-result");
      box.append(make("p", "ck-heading", word("feedback")), feedback);
      const next = button(word("continue"), "ck-tt-continue", () => show(li.dataset.next));
      stage.append(box, next);
      live.textContent = chosen.textContent + ". " + feedback.textContent;
      next.focus();
    }

    function review() {
      const box = make("div", "ck-tt-review");
      const list = make("ol");
      path.forEach((step, i) => {
        const item = make("li");
        item.append(make("p", "", word("step").replace("{n}", i + 1) + ": " + step.label), step.feedback);
        list.append(item);
      });
      box.append(make("p", "ck-heading", word("review")), list);
      return box;
    }

    function button(label, cls, onClick) {
      const b = make("button", "ck-button " + cls, label);
      b.type = "button";
      b.addEventListener("click", () => onClick(b));
      return b;
    }

    show(root.dataset.start, false); // no focus on page load: the page must not jump
  }

  function init() {
    for (const root of document.querySelectorAll(".ck-tabletop:not([data-ck-ready])")) {
      root.setAttribute("data-ck-ready", "");
      player(root);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
