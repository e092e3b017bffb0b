/* coursekit explorers in the built book: the norms filter and the capacity
   self-assessment with its radar chart. Markup from coursekit/explorers.py, which
   also sends the interface words; only pages with an explorer load this file. */
(() => {
  "use strict";
  const KEY = "coursekit-assessment-v1";
  const SVG = "http://www.w3.org/2000/svg";

  // Storage may be disabled, full or hold garbage: never let that break the page.
  function load() {
    try {
      const v = JSON.parse(localStorage.getItem(KEY) || "{}");
      return v && typeof v === "object" && !Array.isArray(v) ? v : {};
    } catch (e) { return {}; }
  }
  function save(v) {
    try { localStorage.setItem(KEY, JSON.stringify(v)); return true; } catch (e) { return false; }
  }

  function norms(root) {
    const kind = root.querySelector(".ck-norm-kind-filter");
    const search = root.querySelector(".ck-norm-search");
    const status = root.querySelector(".ck-explorer-status");
    const items = [...root.querySelectorAll(".ck-norm")];
    root.querySelector(".ck-explorer-controls").hidden = false;
    function update() {
      const q = search.value.trim().toLowerCase();
      let shown = 0;
      for (const li of items) {
        li.hidden = !((!kind.value || li.dataset.kind === kind.value) && (!q || li.dataset.text.includes(q)));
        if (!li.hidden) shown++;
      }
      status.textContent = status.dataset.template.replace("{n}", shown).replace("{total}", items.length);
    }
    kind.addEventListener("change", update);
    search.addEventListener("input", update);
    update();
  }

  function node(name, attrs, text) {
    const e = document.createElementNS(SVG, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }

  // A radar chart as inline SVG; the table beside it carries the same data as text.
  function radar(cfg, answers, label) {
    const n = cfg.dimensions.length, max = cfg.stages.length, c = 160, r = 100;
    const at = (i, v) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      return [c + Math.cos(a) * r * v / max, c + Math.sin(a) * r * v / max];
    };
    const svg = node("svg", { viewBox: "0 0 320 320", role: "img", "aria-label": label, class: "ck-radar-svg" });
    for (let level = 1; level <= max; level++) {
      svg.append(node("polygon", { points: cfg.dimensions.map((_, i) => at(i, level).join(",")).join(" "), class: "ck-radar-grid" }));
    }
    cfg.dimensions.forEach((d, i) => {
      const [x, y] = at(i, max + 0.9);
      svg.append(node("line", { x1: c, y1: c, x2: at(i, max)[0], y2: at(i, max)[1], class: "ck-radar-grid" }));
      svg.append(node("text", { x, y, "text-anchor": x < c - 5 ? "end" : x > c + 5 ? "start" : "middle", class: "ck-radar-label" }, d.name.split(" ").slice(0, 2).join(" ")));
    });
    const pts = cfg.dimensions.map((d, i) => at(i, answers[d.id] || 0));
    svg.append(node("polygon", { points: pts.map((p) => p.join(",")).join(" "), class: "ck-radar-shape" }));
    pts.forEach(([x, y], i) => { if (answers[cfg.dimensions[i].id]) svg.append(node("circle", { cx: x, cy: y, r: 4, class: "ck-radar-point" })); });
    return svg;
  }

  function assessment(root) {
    const cfg = JSON.parse(root.querySelector(".ck-data").textContent);
    const W = cfg.words, max = cfg.stages.length;
    const selects = [...root.querySelectorAll("select[data-dim]")];
    const status = root.querySelector(".ck-explorer-status");
    const chart = root.querySelector(".ck-radar");
    const stageName = (v) => `${v}: ${cfg.stages.find((s) => s.stage === v).name}`;
    root.querySelector(".ck-nojs").hidden = true;
    const saved = load();
    for (const s of selects) {
      const v = saved[s.dataset.dim];
      if (Number.isInteger(v) && v >= 1 && v <= max) s.value = String(v);
    }
    function update(store) {
      const answers = {};
      for (const s of selects) if (s.value) answers[s.dataset.dim] = Number(s.value);
      const kept = store ? save(answers) : true;
      const rated = Object.keys(answers).length;
      const summary = cfg.dimensions.map((d) => `${d.name} ${answers[d.id] ? stageName(answers[d.id]) : W.not_rated}`).join("; ");
      chart.replaceChildren(radar(cfg, answers, W.chart_label.replace("{summary}", summary)));
      for (const d of cfg.dimensions) {
        root.querySelector(`tr[data-dim="${d.id}"] td`).textContent = answers[d.id] ? stageName(answers[d.id]) : W.not_rated;
      }
      status.textContent = W.rated.replace("{n}", rated).replace("{total}", cfg.dimensions.length) + ". " + (kept ? W.saved_here : W.not_saved);
    }
    for (const s of selects) s.addEventListener("change", () => update(true));
    update(false);
  }

  function init() {
    for (const root of document.querySelectorAll(".ck-explorer:not([data-ck-ready])")) {
      root.setAttribute("data-ck-ready", "");
      (root.dataset.explorer === "norms" ? norms : assessment)(root);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
