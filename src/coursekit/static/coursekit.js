/* coursekit: quizzes in the built book, with no kernel and no network.
   Markup comes from coursekit/render_html.py; this file adds the buttons, grades,
   shows feedback and keeps progress in browser storage. It holds no interface
   words: they arrive with each quiz's JSON (coursekit/i18n.py). */
(() => {
  "use strict";

  /* ---- grading: twin of coursekit/grading.py, both run on tests/grading_vectors.json ---- */

  const NUMBER = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
  const EPSILON = 1e-9;
  const NEAR_SHARE = 0.1, NEAR_TOLERANCES = 3, NEAR_EDITS = 2; // as in grading.py
  // Python's str.split()/strip() white space; JS \s differs (no \x1c-\x1f or \x85, adds \ufeff).
  const WS = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+";
  const EDGES = new RegExp(`^${WS}|${WS}$`, "g");
  const RUNS = new RegExp(WS, "g");

  const strip = (s) => s.replace(EDGES, "");
  const normaliseText = (s) => strip(s.normalize("NFKC").toLowerCase().replace(RUNS, " "));

  const DECIMAL_COMMA = /^([+-]?[0-9]*),([0-9]+)$/; // French and Spanish 3,5 (grading.py)

  // Booleans and anything else are not numbers, as in Python.
  function parseNumber(v, decimalComma) {
    if (typeof v === "number") return v;
    if (typeof v !== "string") return null;
    const text = decimalComma ? strip(v).replace(DECIMAL_COMMA, "$1.$2") : strip(v);
    return NUMBER.test(text) ? Number(text) : null;
  }

  // Python truthiness, for `response or []` and `any(chosen)`.
  function truthy(x) {
    if (x === null || x === undefined) return false;
    if (typeof x === "number") return x !== 0; // NaN is truthy in Python
    if (typeof x === "string" || Array.isArray(x)) return x.length > 0;
    if (typeof x === "object") return Object.keys(x).length > 0;
    return Boolean(x);
  }

  // Python's list(x or []): strings give characters, dicts their keys.
  function toList(x) {
    if (!truthy(x)) return [];
    if (Array.isArray(x)) return x.slice();
    if (typeof x === "string") return Array.from(x);
    if (typeof x === "object") return Object.keys(x);
    throw new TypeError("response is not a list");
  }

  // Levenshtein distance by code point, as grading.edit_distance.
  function editDistance(a, b) {
    const x = Array.from(a), y = Array.from(b);
    let prev = y.map((_, j) => j).concat([y.length]);
    x.forEach((ca, i) => {
      const cur = [i + 1];
      y.forEach((cb, j) => cur.push(Math.min(prev[j + 1] + 1, cur[j] + 1, prev[j] + (ca === cb ? 0 : 1))));
      prev = cur;
    });
    return prev[y.length];
  }

  const verdict = (correct, answered, feedbackFor, valid = true) => ({ correct, answered, feedback_for: feedbackFor || [], valid });

  function grade(q, r) {
    let chosen;
    switch (q.type) {
      case "single":
        if (typeof r !== "string" || r === "") return verdict(false, false);
        return verdict(r === (typeof q.answer === "string" ? q.answer : q.answer[0]), true, [r]);
      case "multiple": {
        chosen = new Set(toList(r).filter((x) => typeof x === "string"));
        if (!chosen.size) return verdict(false, false);
        const want = new Set(q.answer);
        const same = want.size === chosen.size && [...chosen].every((x) => want.has(x));
        return verdict(same, true, q.options.map((o) => o.id).filter((id) => chosen.has(id)));
      }
      case "true-false":
        if (typeof r !== "boolean") return verdict(false, false);
        return verdict(r === q.answer, true, [r ? "true" : "false"]);
      case "matching":
      case "ordering": {
        chosen = toList(r);
        if (!chosen.some(truthy)) return verdict(false, false);
        const expected = q.type === "matching" ? q.pairs.map((p) => p.right) : q.items;
        const same = chosen.length === expected.length && chosen.every((x, i) => x === expected[i]);
        let keys;
        if (q.type === "matching") {
          keys = expected.map((right, i) => (i < chosen.length && chosen[i] === right ? null : "pair-" + i)).filter(Boolean);
        } else {
          keys = [];
          chosen.forEach((c, p) => {
            const at = expected.indexOf(c);
            if (at >= 0 && (p >= expected.length || expected[p] !== c) && !keys.includes("item-" + at)) keys.push("item-" + at);
          });
        }
        return verdict(same, true, keys);
      }
      case "numeric": {
        if (r === null || r === undefined || (typeof r === "string" && !strip(r))) return verdict(false, false);
        const n = parseNumber(r, q.decimal_comma === true);
        if (n === null) return verdict(false, true, [], false); // unreadable: ask again, as grading.py
        const off = Math.abs(n - q.answer);
        if (off <= q.tolerance + EPSILON) return verdict(true, true);
        const near = off <= Math.max(NEAR_SHARE * Math.abs(q.answer), NEAR_TOLERANCES * q.tolerance, 1) + EPSILON;
        return verdict(false, true, near ? ["near-miss"] : []);
      }
      case "short-text": {
        if (typeof r !== "string" || !strip(r)) return verdict(false, false);
        const given = normaliseText(r), accepted = q.accept.map(normaliseText);
        if (accepted.includes(given)) return verdict(true, true);
        const near = accepted.some((a) => a && editDistance(given, a) <= Math.min(NEAR_EDITS, Math.floor(Array.from(a).length / 6)));
        return verdict(false, true, near ? ["spelling"] : []);
      }
    }
    throw new TypeError("not a question: " + q.type);
  }

  /* ---- progress in localStorage: {chapter: {questionId: {attempts, correct}}} ---- */

  const STORE_KEY = "coursekit-progress-v1";
  const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
  // Null-prototype maps: ids such as "constructor" or a stored "__proto__" stay plain keys.
  const map = () => Object.create(null);

  // Storage may be disabled (access throws), full (setItem throws) or hold anything:
  // keep only well-formed entries, so garbage is replaced on the next save.
  // Returns null when storage cannot be read at all.
  function loadProgress() {
    let raw, data;
    const out = map();
    try { raw = window.localStorage.getItem(STORE_KEY); } catch (e) { return null; }
    try { data = JSON.parse(raw); } catch (e) { data = null; }
    if (!isObject(data)) return out;
    for (const chapter of Object.keys(data)) {
      if (!isObject(data[chapter])) continue;
      for (const [qid, e] of Object.entries(data[chapter])) {
        if (isObject(e) && typeof e.correct === "boolean" && Number.isFinite(e.attempts) && e.attempts >= 0) {
          (out[chapter] = out[chapter] || map())[qid] = { attempts: Math.floor(e.attempts), correct: e.correct };
        }
      }
    }
    return out;
  }

  // Returns false when the attempt could not be saved.
  function recordAttempt(chapter, qid, correct) {
    const data = loadProgress();
    if (!data) return false;
    const entries = (data[chapter] = data[chapter] || map());
    const old = entries[qid] || { attempts: 0, correct: false };
    entries[qid] = { attempts: old.attempts + 1, correct: old.correct || correct };
    try { window.localStorage.setItem(STORE_KEY, JSON.stringify(data)); return true; } catch (e) { return false; }
  }

  /* ---- page enhancement ---- */

  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  const all = (root, selector) => Array.from(root.querySelectorAll(selector));

  function make(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    node.textContent = text; // text only: quiz data never becomes markup here
    return node;
  }

  function readData(root) {
    try { return JSON.parse(root.querySelector(".ck-data").textContent); } catch (e) { return null; }
  }

  function readResponse(fs, type) {
    const on = fs.querySelector("input[type=radio]:checked");
    if (type === "single") return on ? on.value : null;
    if (type === "true-false") return on ? on.value === "true" : null;
    if (type === "multiple") return all(fs, "input[type=checkbox]:checked").map((i) => i.value);
    // Rows may be shown in any order: the response lists them by their pair or position number.
    if (type === "matching" || type === "ordering") {
      return all(fs, "select.ck-select").sort((a, b) => a.getAttribute("data-index") - b.getAttribute("data-index"))
        .map((s) => s.value || null);
    }
    return fs.querySelector("input.ck-input").value;
  }

  // Whether a choice named in feedback_for is a right one (it gets a ✓ or ✗ mark).
  function choiceIsRight(spec, key) {
    if (spec.type === "true-false") return (key === "true") === spec.answer;
    return [].concat(spec.answer).includes(key);
  }

  function shuffle(list) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  // A retry is a new attempt: options, matching rows and menu choices come in a new order,
  // so the position remembered from the last try (or from the bank) says nothing.
  function reshuffle(fs, type) {
    if (type === "true-false") return; // True stays above False
    all(fs, ".ck-options, .ck-selects").forEach((box) => box.append(...shuffle(Array.from(box.children))));
    const selects = all(fs, "select.ck-select");
    if (!selects.length) return;
    const order = shuffle(all(selects[0], "option").map((o) => o.value).filter(Boolean));
    selects.forEach((sel) => {
      const byValue = new Map(all(sel, "option").map((o) => [o.value, o]));
      sel.append(...order.map((v) => byValue.get(v)));
    });
  }

  function enhanceQuiz(root) {
    const data = readData(root);
    // Skip broken markup, and never enhance twice if the script is included twice.
    if (!data || root.hasAttribute("data-ck-ready")) return;
    root.setAttribute("data-ck-ready", "");
    const S = data.strings, specs = map(), results = map();
    let warned = false;
    data.questions.forEach((q) => { specs[q.id] = q; });
    all(root, ".ck-nojs").forEach((n) => { n.hidden = true; });
    const fieldsets = all(root, ".ck-question");
    const score = root.querySelector(".ck-score");

    function updateScore() {
      const right = Object.values(results).filter(Boolean).length;
      score.textContent = fill(S.score_line, { correct: right, total: fieldsets.length });
    }

    for (const fs of fieldsets) {
      const qid = fs.getAttribute("data-qid"), spec = specs[qid];
      if (!spec) continue;
      const live = fs.querySelector(".ck-feedback"), details = fs.querySelector(".ck-details");
      const check = make("button", "ck-button ck-check", S.check), retry = make("button", "ck-button ck-retry", S.retry);
      check.type = retry.type = "button";
      fs.querySelector(".ck-actions").append(check, retry);
      details.hidden = true; // the answer comes back after a check

      const say = (className, text) => live.replaceChildren(make("p", "ck-verdict " + className, text));

      function clearMarks() {
        fs.classList.remove("ck-is-right", "ck-is-wrong");
        all(fs, ".ck-option").forEach((o) => o.classList.remove("ck-chosen-right", "ck-chosen-wrong"));
      }

      function doCheck() {
        const response = readResponse(fs, spec.type), v = grade(spec, response);
        clearMarks();
        if (!v.answered) return say("ck-hint", S.unanswered);
        if (!v.valid) return say("ck-hint", S.invalid_number); // not an attempt (grading.Verdict.valid)
        say(v.correct ? "ck-right" : "ck-wrong", v.correct ? S.correct : S.incorrect);
        fs.classList.add(v.correct ? "ck-is-right" : "ck-is-wrong");
        for (const key of v.feedback_for) {
          // Copies of the renderer's escaped feedback, never HTML built from strings.
          all(fs, ".ck-option-feedback").filter((t) => t.getAttribute("data-for") === key).forEach((t) => live.append(t.cloneNode(true)));
          all(fs, ".ck-option").filter((o) => o.getAttribute("data-option") === key)
            .forEach((o) => o.classList.add(choiceIsRight(spec, key) ? "ck-chosen-right" : "ck-chosen-wrong"));
        }
        // The explanation opens after a right answer; after a wrong one it waits
        // behind its disclosure so the learner can retry first.
        details.hidden = false;
        details.open = v.correct;
        results[qid] = v.correct;
        updateScore();
        if (!recordAttempt(data.chapter, qid, v.correct) && !warned) {
          warned = true;
          score.before(make("p", "ck-storage-note", S.storage_unavailable));
        }
      }

      function doRetry() {
        all(fs, "input[type=radio], input[type=checkbox]").forEach((i) => { i.checked = false; });
        all(fs, "select, input.ck-input").forEach((i) => { i.value = ""; });
        clearMarks();
        reshuffle(fs, spec.type);
        live.replaceChildren();
        details.hidden = true;
        details.open = false;
        if (qid in results) { delete results[qid]; updateScore(); }
        const first = fs.querySelector("input, select");
        if (first) first.focus(); // back to the start of the question for keyboard users
      }

      check.addEventListener("click", doCheck);
      retry.addEventListener("click", doRetry);
      // Text fields are not in a form, so Enter would do nothing: make it check.
      all(fs, "input.ck-input").forEach((i) => i.addEventListener("keydown", (e) => {
        if (e.key === "Enter") { e.preventDefault(); doCheck(); }
      }));
    }
  }

  function fillProgress(root) {
    const data = readData(root);
    if (!data) return;
    const S = data.strings, store = loadProgress(), status = root.querySelector(".ck-progress-status");
    all(root, ".ck-nojs").forEach((n) => { n.hidden = true; });
    if (!store) { status.textContent = S.storage_unavailable; return; }
    let any = false;
    for (const row of all(root, "tr[data-chapter]")) {
      const entries = store[row.getAttribute("data-chapter")] || map();
      let answered = 0, right = 0;
      for (const qid of row.getAttribute("data-questions").split(" ")) {
        const e = entries[qid];
        if (e && e.attempts > 0) { answered++; if (e.correct) right++; }
      }
      row.querySelector(".ck-answered").textContent = answered;
      row.querySelector(".ck-correct").textContent = right;
      any = any || answered > 0;
    }
    if (!any) status.textContent = S.progress_none;
  }

  // The theme binds only the first .primary-toggle and .secondary-toggle of a page (the
  // header's, hidden in the book's layout), so the visible buttons above the article did
  // nothing: on a phone the chapter list could not be opened. Pass their clicks on.
  function forwardSidebarToggles() {
    for (const kind of [".primary-toggle", ".secondary-toggle"]) {
      const [bound, ...others] = all(document, kind);
      others.forEach((b) => b.addEventListener("click", (e) => { e.preventDefault(); bound.click(); }));
    }
  }

  // Wide code blocks, outputs and tables scroll sideways, and keyboard users can scroll them
  // only if they take focus. The theme checks this too (its call is taken out by
  // coursekit/sphinx_light.py) but measures and marks one block after another, so the
  // browser lays out the whole chapter again for every block: on a long chapter about a
  // third of a second of a mid-range phone's time after loading, and again after every
  // answer. Here all blocks are measured first, then marked: one layout.
  const SCROLLABLE = ["pre", ".nboutput > .output_area", ".cell_output > .output", ".jp-RenderedHTMLCommon",
    ".pst-scrollable-table-container"].join(", ");

  function markScrollableRegions() {
    const regions = all(document, SCROLLABLE);
    const scrolls = regions.map((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
    regions.forEach((el, i) => { el.tabIndex = scrolls[i] ? 0 : -1; });
  }

  // As the theme did: again when the window is resized or content is added to the page.
  function keepScrollableRegionsMarked() {
    let timer = null;
    const later = () => { clearTimeout(timer); timer = setTimeout(markScrollableRegions, 300); };
    window.addEventListener("resize", later);
    const main = document.getElementById("main-content");
    if (main) new MutationObserver(later).observe(main, { subtree: true, childList: true });
    markScrollableRegions();
  }

  // A chapter is many screens of text, tables and quizzes. Laid out all at once, it holds a
  // mid-range phone's main thread for most of a second after the first paint, and taps and
  // scrolling wait. coursekit.css lets the browser skip the sections that are off screen
  // while the page loads; once it has loaded, they are drawn here one after another in
  // short tasks, so that within a moment the page is complete (its scrollbar, and what
  // accessibility checkers measure). <html data-ck-drawn> says it is. Sections come first,
  // then the notebook cells in them (a cell with a data table or a quiz can be a thousand
  // elements): each is drawn in a task of its own.
  const SECTIONS = "article.bd-article > section > section, article.bd-article div.cell";
  const SLICE_MS = 8; // a task this short never delays a tap noticeably

  function drawInSlices(then) {
    const waiting = all(document, SECTIONS);
    let next = 0;
    const slice = () => {
      const start = performance.now();
      while (next < waiting.length && performance.now() - start < SLICE_MS) {
        waiting[next++].classList.add("ck-drawn");
        void document.body.offsetHeight; // lay the section out now, inside this short task
      }
      if (next < waiting.length) { setTimeout(slice, 0); return; }
      document.documentElement.dataset.ckDrawn = "";
      then();
    };
    slice();
  }

  // Sizes depend on the stylesheet, images and drawn sections: measure once all are there.
  function afterLoad() {
    drawInSlices(keepScrollableRegionsMarked);
  }

  function init() {
    all(document, ".ck-quiz").forEach(enhanceQuiz);
    all(document, ".ck-progress").forEach(fillProgress);
    forwardSidebarToggles();
  }

  window.coursekit = { grade, parseNumber, normaliseText, readResponse, choiceIsRight, shuffle, fill, init };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  if (document.readyState === "complete") afterLoad();
  else window.addEventListener("load", afterLoad);
})();
