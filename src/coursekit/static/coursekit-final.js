/* coursekit final assessment: shuffles the questions on every attempt, scores them per
   chapter and per objective against the pass mark, and offers a self-reported completion
   record to download. The questions themselves are ordinary quizzes (coursekit.js). */
(() => {
  "use strict";

  function make(tag, text) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function shuffle(quiz, strings) {
    const items = [...quiz.querySelectorAll(".ck-question")];
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    const anchor = quiz.querySelector(".ck-score");
    items.forEach((q, n) => {
      quiz.insertBefore(q, anchor);
      q.querySelector(".ck-number").textContent = strings.question_n.replace("{n}", n + 1).replace("{total}", items.length);
    });
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
    return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function setup(root) {
    const meta = JSON.parse(root.querySelector(".ck-final-data").textContent);
    const W = meta.words;
    const quiz = root.querySelector(".ck-quiz");
    const strings = JSON.parse(quiz.querySelector(".ck-data").textContent).strings;
    const results = root.querySelector(".ck-final-results");
    const finish = make("button", W.finish);
    const retake = make("button", W.retake);
    finish.type = retake.type = "button";
    finish.className = "ck-button ck-check";
    retake.className = "ck-button ck-retry";
    root.insertBefore(finish, results);
    root.insertBefore(retake, results);
    shuffle(quiz, strings);

    finish.addEventListener("click", () => {
      const right = new Set([...quiz.querySelectorAll(".ck-question.ck-is-right")].map((q) => q.dataset.qid));
      const byChapter = {}, byObjective = {};
      const ids = Object.keys(meta.question_chapter);
      for (const id of ids) {
        const ok = right.has(id) ? 1 : 0;
        for (const [bucket, keys] of [[byChapter, [meta.question_chapter[id]]], [byObjective, meta.question_objectives[id]]]) {
          for (const k of keys) { bucket[k] = bucket[k] || [0, 0]; bucket[k][0] += ok; bucket[k][1] += 1; }
        }
      }
      const total = ids.length, n = right.size, passed = n / total >= meta.pass_mark;
      results.replaceChildren(
        make("p", W.result.replace("{right}", n).replace("{total}", total)
          .replace("{percent}", Math.round((100 * n) / total)).replace("{pass_mark}", Math.round(100 * meta.pass_mark))),
        make("p", passed ? W.passed : W.failed),
        table(W.by_chapter, [W.chapter, W.correct], Object.entries(byChapter).map(([c, [r, t]]) => [meta.chapters[c], r, t])),
        table(W.by_objective, [W.objective, W.correct], Object.entries(byObjective).map(([o, [r, t]]) => [meta.objectives[o], r, t])),
      );
      if (passed) results.append(recordForm(meta, n, total, byChapter));
    });

    retake.addEventListener("click", () => {
      for (const b of quiz.querySelectorAll(".ck-retry:not([disabled])")) b.click();
      results.replaceChildren();
      shuffle(quiz, strings);
      quiz.querySelector(".ck-question input, .ck-question select").focus();
    });
  }

  function recordForm(meta, right, total, byChapter) {
    const W = meta.words;
    const box = make("div");
    box.className = "ck-final-record";
    const label = make("label", W.name);
    const input = make("input");
    input.type = "text";
    input.id = "ck-final-name";
    label.htmlFor = input.id;
    const record = () => ({
      course: W.course, name: input.value.trim(), date: new Date().toISOString().slice(0, 10),
      score: { right, total }, pass_mark: meta.pass_mark,
      by_chapter: Object.fromEntries(Object.entries(byChapter).map(([c, [r, t]]) => [meta.chapters[c], { right: r, total: t }])),
      self_reported: W.self_reported,
    });
    const asJson = make("button", W.download_json);
    const asHtml = make("button", W.download_html);
    asJson.type = asHtml.type = "button";
    asJson.className = asHtml.className = "ck-button";
    asJson.addEventListener("click", () => download("completion-record.json", "application/json", JSON.stringify(record(), null, 1)));
    asHtml.addEventListener("click", () => {
      const r = record();
      const rows = Object.entries(r.by_chapter).map(([c, v]) => `<tr><th scope="row">${escapeHtml(c)}</th><td>${v.right} / ${v.total}</td></tr>`).join("");
      download("completion-record.html", "text/html", `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(W.record_title)}</title></head><body><h1>${escapeHtml(W.record_title)}</h1><p><strong>${escapeHtml(r.course)}</strong></p><p>${escapeHtml(r.name)}, ${r.date}: ${right} of ${total} correct (pass mark ${Math.round(100 * r.pass_mark)}%).</p><table><tbody>${rows}</tbody></table><p><em>${escapeHtml(r.self_reported)}</em></p></body></html>`);
    });
    box.append(make("p", W.self_reported), label, input, asHtml, asJson);
    return box;
  }

  function init() {
    for (const root of document.querySelectorAll(".ck-final:not([data-ck-ready])")) {
      root.setAttribute("data-ck-ready", "");
      setup(root);
    }
  }
  // After coursekit.js (also deferred, loaded first) has enhanced the quiz.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
