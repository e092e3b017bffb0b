/* coursekit final assessment (markup: coursekit/assessment.py). One form of unseen
   questions at a time, shuffled; no Check button, no feedback: the answers stay sealed
   until the learner submits the whole assessment. Then every question shows its verdict,
   feedback and explanation; results per chapter and objective; a self-reported record.
   A retake deals the next form (different questions where the pool allows). Grading and
   reading responses come from coursekit.js (loaded on every page, before this file). */
(() => {
  "use strict";

  const FORM_KEY = "coursekit-final-form-v1";
  const all = (root, selector) => Array.from(root.querySelectorAll(selector));
  // Shared with the chapter quizzes (coursekit.js, loaded first on every page).
  const fill = (...args) => window.coursekit.fill(...args);
  const shuffle = (list) => window.coursekit.shuffle(list);

  function make(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text; // text only: quiz data never becomes markup here
    if (className) e.className = className;
    return e;
  }

  // Twin of assessment.unseal: base64 -> 4-byte seed + bytes XOR-ed with xorshift32 -> zlib -> JSON.
  async function unseal(text) {
    const bin = atob(text.trim());
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    let x = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
    const out = new Uint8Array(bytes.length - 4);
    for (let i = 4; i < bytes.length; i++) {
      x = (x ^ (x << 13)) >>> 0;
      x = (x ^ (x >>> 17)) >>> 0;
      x = (x ^ (x << 5)) >>> 0;
      out[i - 4] = bytes[i] ^ (x & 0xff);
    }
    const inflated = new Blob([out]).stream().pipeThrough(new DecompressionStream("deflate"));
    return JSON.parse(await new Response(inflated).text());
  }

  // Markup produced and escaped by coursekit/render_html.py, sealed at build time.
  function fragment(html) {
    const t = document.createElement("template");
    t.innerHTML = html;
    return t.content;
  }

  function storedForm() {
    try { return Number(window.localStorage.getItem(FORM_KEY)) || 0; } catch (e) { return 0; }
  }

  function storeForm(n) {
    try { window.localStorage.setItem(FORM_KEY, String(n)); } catch (e) { /* a retake still works */ }
  }

  function table(caption, head, rows) {
    const t = make("table");
    t.append(make("caption", caption));
    const tr = make("tr");
    head.forEach((h) => { const th = make("th", h); th.scope = "col"; tr.append(th); });
    const thead = make("thead");
    thead.append(tr);
    const body = make("tbody");
    rows.forEach(([label, right, total]) => {
      const row = make("tr");
      const th = make("th", label);
      th.scope = "row";
      row.append(th, make("td", `${right} / ${total}`));
      body.append(row);
    });
    t.append(thead, body);
    return t;
  }

  function download(name, type, text) {
    const a = make("a");
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function setup(root) {
    const meta = JSON.parse(root.querySelector(".ck-final-data").textContent);
    const sealedText = root.querySelector(".ck-final-sealed").textContent;
    const W = meta.words, S = meta.strings, ck = window.coursekit;
    const box = root.querySelector(".ck-final-questions");
    const results = root.querySelector(".ck-final-results");
    const actions = root.querySelector(".ck-final-actions");
    const fieldsets = new Map(all(box, ".ck-question").map((fs) => [fs.getAttribute("data-qid"), fs]));
    all(root, ".ck-nojs").forEach((n) => { n.hidden = true; });
    const submit = make("button", W.finish, "ck-button ck-check");
    const retake = make("button", W.retake, "ck-button ck-retry");
    submit.type = retake.type = "button";
    actions.append(submit, retake);
    let form = storedForm() % meta.forms.length, asked = [], submitted = false, warned = false;

    function deal() {
      asked = shuffle(meta.forms[form].slice());
      fieldsets.forEach((fs) => { fs.hidden = true; });
      asked.forEach((qid, n) => {
        const fs = fieldsets.get(qid);
        fs.hidden = false;
        fs.classList.remove("ck-is-right", "ck-is-wrong");
        all(fs, "input, select").forEach((i) => { i.disabled = false; i.checked = false; if (i.matches("select, .ck-input")) i.value = ""; });
        fs.querySelector(".ck-feedback").replaceChildren();
        fs.querySelector(".ck-number").textContent = fill(S.question_n, { n: n + 1, total: asked.length });
        box.append(fs);
      });
      results.replaceChildren();
      submitted = warned = false;
      submit.disabled = false;
    }

    async function finish() {
      const open = asked.filter((qid) => { const fs = fieldsets.get(qid), spec = { type: fs.getAttribute("data-type") };
        const r = ck.readResponse(fs, spec.type);
        return r === null || r === "" || (Array.isArray(r) && !r.some(Boolean)); });
      if (open.length && !warned) { // one reminder, then a second press submits
        warned = true;
        results.replaceChildren(make("p", fill(W.unanswered_note, { n: open.length })));
        submit.textContent = W.submit_anyway;
        return;
      }
      submit.disabled = true; // one submission, even if the button is pressed twice while opening
      const sealed = await unseal(sealedText), right = new Set();
      for (const qid of asked) {
        const fs = fieldsets.get(qid), part = sealed[qid];
        const v = ck.grade(part.spec, ck.readResponse(fs, part.spec.type));
        if (v.correct) right.add(qid);
        fs.classList.add(v.correct ? "ck-is-right" : "ck-is-wrong");
        all(fs, "input, select").forEach((i) => { i.disabled = true; });
        const feedback = fs.querySelector(".ck-feedback");
        feedback.replaceChildren(make("p", v.correct ? W.your_result : W.your_result_wrong, "ck-verdict " + (v.correct ? "ck-right" : "ck-wrong")));
        const templates = fragment(part.feedback);
        for (const key of v.feedback_for) {
          all(templates, ".ck-option-feedback").filter((t) => t.getAttribute("data-for") === key).forEach((t) => feedback.append(t.cloneNode(true)));
        }
        feedback.append(fragment(part.details));
      }
      submitted = true;
      submit.disabled = true;
      submit.textContent = W.finish;
      showResults(right);
    }

    function showResults(right) {
      const byChapter = {}, byObjective = {};
      for (const id of asked) {
        const ok = right.has(id) ? 1 : 0;
        for (const [bucket, keys] of [[byChapter, [meta.question_chapter[id]]], [byObjective, meta.question_objectives[id]]]) {
          for (const k of keys) { bucket[k] = bucket[k] || [0, 0]; bucket[k][0] += ok; bucket[k][1] += 1; }
        }
      }
      const total = asked.length, n = right.size, passed = total > 0 && n / total >= meta.pass_mark;
      results.replaceChildren(
        make("p", fill(W.result, { right: n, total, percent: Math.round((100 * n) / total), pass_mark: Math.round(100 * meta.pass_mark) })),
        make("p", passed ? W.passed : W.failed),
        table(W.by_chapter, [W.chapter, W.correct], Object.entries(byChapter).map(([c, [r, t]]) => [meta.chapters[c], r, t])),
        table(W.by_objective, [W.objective, W.correct], Object.entries(byObjective).map(([o, [r, t]]) => [meta.objectives[o], r, t])),
      );
      if (passed) results.append(recordForm(meta, n, total, byChapter, Object.keys(byObjective)));
      // For a host that records results: the SCORM package's bridge reports it to the LMS.
      document.dispatchEvent(new CustomEvent("coursekit:final-result", { detail: { right: n, total, passed } }));
    }

    submit.addEventListener("click", () => { if (!submitted && !submit.disabled) finish(); });
    retake.addEventListener("click", () => {
      form = (form + 1) % meta.forms.length;
      storeForm(form);
      submit.textContent = W.finish;
      deal();
      const first = box.querySelector(".ck-question:not([hidden]) input, .ck-question:not([hidden]) select");
      if (first) first.focus();
    });
    deal();
  }

  function recordForm(meta, right, total, byChapter, objectives) {
    const W = meta.words;
    const box = make("div", undefined, "ck-final-record");
    const label = make("label", W.name);
    const input = make("input");
    input.type = "text";
    input.id = "ck-final-name";
    label.htmlFor = input.id;
    const record = () => ({
      course: W.course, name: input.value.trim(), date: new Date().toISOString().slice(0, 10),
      score: { right, total }, pass_mark: meta.pass_mark,
      assessed: { questions: total, objectives: objectives.slice().sort(), chapters: Object.keys(byChapter).length, unseen_items: true },
      by_chapter: Object.fromEntries(Object.entries(byChapter).map(([c, [r, t]]) => [meta.chapters[c], { right: r, total: t }])),
      self_reported: W.self_reported,
    });
    const assessed = (r) => fill(W.assessed, { items: r.assessed.questions, objectives: r.assessed.objectives.length,
      chapters: r.assessed.chapters, pass_mark: Math.round(100 * r.pass_mark) });
    const asJson = make("button", W.download_json, "ck-button");
    const asHtml = make("button", W.download_html, "ck-button");
    asJson.type = asHtml.type = "button";
    asJson.addEventListener("click", () => download("completion-record.json", "application/json", JSON.stringify(record(), null, 1)));
    asHtml.addEventListener("click", () => {
      const r = record();
      const rows = Object.entries(r.by_chapter).map(([c, v]) => `<tr><th scope="row">${escapeHtml(c)}</th><td>${v.right} / ${v.total}</td></tr>`).join("");
      download("completion-record.html", "text/html", `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(W.record_title)}</title></head><body><h1>${escapeHtml(W.record_title)}</h1><p><strong>${escapeHtml(r.course)}</strong></p><p>${escapeHtml(r.name)}, ${r.date}: ${right} of ${total} correct (pass mark ${Math.round(100 * r.pass_mark)}%).</p><p>${escapeHtml(assessed(r))}</p><table><tbody>${rows}</tbody></table><p><em>${escapeHtml(r.self_reported)}</em></p></body></html>`);
    });
    box.append(make("p", W.self_reported), make("p", assessed(record())), label, input, asHtml, asJson);
    return box;
  }

  function init() {
    for (const root of document.querySelectorAll(".ck-final:not([data-ck-ready])")) {
      root.setAttribute("data-ck-ready", "");
      setup(root);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
