"""The final assessment: a test, not more practice.

- Its items are each bank's ``final`` group, which no chapter quiz shows (the loader
  refuses a final item in another group), so every item is unseen.
- Each attempt is one *form*: per chapter, one item for every objective. Forms are made
  here, at build time, so the book and the live notebook deal the same ones; a retake moves
  to the next form, which uses the items least used so far (different where the pool allows).
- One attempt per item, and nothing of the answers before submission: in the book the
  grading data, feedback and explanations travel sealed (``seal``), opened by the script
  only when the learner submits the whole assessment. Sealing is not encryption (the page
  must grade without a server); it keeps answers out of the page's text, DOM and scripts.
- Results per chapter and objective, a pass mark, and a self-reported completion record
  that says what was assessed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zlib
from collections import Counter
from datetime import date
from pathlib import Path

from platformdirs import user_documents_dir

from . import i18n
from .markup import html, join
from .model import QuizBank
from .presentation import bank_slots, json_for_script

PASS_MARK = 0.7  # share of questions answered correctly
FORMS = 3        # distinct attempts prepared; a retake moves to the next, then wraps
WORDS = {
    "intro": "Answer every question, then submit. Each question counts once: answers, feedback and explanations appear only after you submit.",
    "needs_js": "The final assessment needs JavaScript (or the live notebook) to be taken and scored.",
    "finish": "Submit the assessment",
    "retake": "Retake the assessment (new questions where possible)",
    "unanswered_note": "{n} questions are not answered yet. Submit anyway, or answer them first.",
    "submit_anyway": "Submit anyway",
    "result": "You answered {right} of {total} questions correctly ({percent}%). The pass mark is {pass_mark}%.",
    "passed": "You passed.",
    "failed": "Not passed yet: review the chapters below and retake the assessment.",
    "by_chapter": "By chapter",
    "by_objective": "By learning objective",
    "chapter": "Chapter",
    "objective": "Objective",
    "correct": "Correct",
    "your_result": "Your answer was correct.",
    "your_result_wrong": "Your answer was not correct.",
    "name": "Your name, as it should appear on the record",
    "download_html": "Download the record (HTML)",
    "download_json": "Download the record (JSON)",
    "save_record": "Save the record (HTML and JSON)",
    "saved": "Saved in your documents folder: {html} and {json}",
    "record_title": "Course completion record (self-reported)",
    "assessed": "Assessed: {items} questions on {objectives} learning objectives from {chapters} chapters, none of them seen in the chapter quizzes; pass mark {pass_mark}%.",
    "self_reported": "This record is self-reported: the learner took the assessment on their own device; no one supervised or verified it.",
    "course": "The UN and Cybersecurity: a capacity-building course",
}


def words() -> dict:
    """``WORDS`` in the current language (i18n.use_language; table "assessment" of the interface catalogue)."""
    return i18n.words("assessment", WORDS)


def _rank(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def make_forms(banks: dict[str, QuizBank], order: list[str], count: int = FORMS) -> list[list[tuple[str, object]]]:
    """Up to ``count`` different attempts, each a list of (chapter, question) that covers
    every objective of every chapter with final items. Each form prefers the items the
    earlier forms used least. An objective with no final item is skipped here (the quality
    check reports it), so a thin pool never makes this loop forever."""
    used: Counter = Counter()
    forms: list[list[tuple[str, object]]] = []
    for k in range(count):
        form: list[tuple[str, object]] = []
        for slug in order:
            if slug not in banks:
                continue
            pool, uncovered = banks[slug].final_questions, set(banks[slug].objectives)
            while uncovered:
                taken = {q.id for _, q in form}
                candidates = [q for q in pool if uncovered & set(q.objectives) and q.id not in taken]
                if not candidates:
                    break
                best = min(candidates, key=lambda q: (used[q.id], -len(uncovered & set(q.objectives)), _rank(f"{k}\n{q.id}")))
                form.append((slug, best))
                uncovered -= set(best.objectives)
        used.update(q.id for _, q in form)
        if form and all({q.id for _, q in form} != {q.id for _, q in f} for f in forms):
            forms.append(form)
    return forms


def seal(data: object) -> str:
    """JSON, compressed (zlib), XOR-ed with a stream seeded from its own digest, in base64
    (twin: ``unseal`` in coursekit-final.js). Compressed first because sealed bytes no longer
    compress in transit: this keeps the page light on slow links. Deterministic, so the built
    page is byte-stable."""
    raw = zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9)
    seed = int.from_bytes(hashlib.sha256(raw).digest()[:4], "big") or 1
    return base64.b64encode(seed.to_bytes(4, "big") + bytes(b ^ k for b, k in zip(raw, _stream(seed)))).decode("ascii")


def unseal(text: str) -> object:
    blob = base64.b64decode(text)
    seed = int.from_bytes(blob[:4], "big")
    return json.loads(zlib.decompress(bytes(b ^ k for b, k in zip(blob[4:], _stream(seed)))).decode("utf-8"))


def _stream(seed: int):
    """xorshift32 bytes: simple enough to write the same way in JavaScript."""
    x = seed
    while True:
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        yield x & 0xFF


def assessment_meta(banks: dict[str, QuizBank], order: list[str]) -> tuple[list, dict]:
    """The forms, and what scoring needs: chapters, objectives and each pool item's place."""
    forms = make_forms(banks, order)
    pool = list({q.id: (slug, q) for form in forms for slug, q in form}.values())
    objectives = {o: text for slug in order if slug in banks for o, text in banks[slug].objectives.items()}
    meta = {
        "chapters": {slug: banks[slug].title for slug in order if slug in banks},
        "forms": [[q.id for _, q in form] for form in forms],
        "question_chapter": {q.id: slug for slug, q in pool},
        "question_objectives": {q.id: list(q.objectives) for _, q in pool},
        "objectives": objectives,
        "pass_mark": PASS_MARK,
        "words": words(),
    }
    return pool, meta


def score(meta: dict, asked: list[str], correct_ids: set[str]) -> dict:
    """Totals, pass/fail and the per-chapter and per-objective breakdown of one attempt."""
    by_chapter: dict[str, list[int]] = {}
    by_objective: dict[str, list[int]] = {}
    for qid in asked:
        right = int(qid in correct_ids)
        for bucket, keys in ((by_chapter, [meta["question_chapter"][qid]]), (by_objective, meta["question_objectives"][qid])):
            for key in keys:
                bucket.setdefault(key, [0, 0])
                bucket[key][0] += right
                bucket[key][1] += 1
    right = sum(1 for qid in asked if qid in correct_ids)
    return {"right": right, "total": len(asked), "passed": bool(asked) and right / len(asked) >= meta["pass_mark"],
            "by_chapter": by_chapter, "by_objective": by_objective}


def record(meta: dict, result: dict, name: str, when: date | None = None) -> dict:
    """The completion record as JSON-able data (the HTML version shows the same)."""
    return {
        "course": words()["course"],
        "name": name.strip(),
        "date": (when or date.today()).isoformat(),
        "score": {"right": result["right"], "total": result["total"]},
        "pass_mark": meta["pass_mark"],
        "assessed": {"questions": result["total"], "objectives": sorted(result["by_objective"]),
                     "chapters": len(result["by_chapter"]), "unseen_items": True},
        "by_chapter": {meta["chapters"][c]: {"right": r, "total": t} for c, (r, t) in result["by_chapter"].items()},
        "self_reported": words()["self_reported"],
    }


RECORDS_ENV = "COURSEKIT_RECORDS"


def records_folder() -> Path:
    """Where the live notebook saves completion records: the learner's documents folder
    (Documents on Windows and macOS, ~/Documents or XDG on Linux), in a folder named after the
    course, not the kernel's working folder; COURSEKIT_RECORDS chooses another folder."""
    if os.environ.get(RECORDS_ENV):
        return Path(os.environ[RECORDS_ENV]).expanduser()
    return Path(user_documents_dir()) / "UN cyber course"


def assessed_sentence(data: dict) -> str:
    a = data["assessed"]
    return words()["assessed"].format(items=a["questions"], objectives=len(a["objectives"]), chapters=a["chapters"],
                                    pass_mark=round(data["pass_mark"] * 100))


def record_html(data: dict) -> str:
    rows = join(html("<tr><th scope='row'>{chapter}</th><td>{right} / {total}</td></tr>", chapter=c, right=v["right"], total=v["total"])
                for c, v in data["by_chapter"].items())
    return str(html(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>{title}</title></head><body>"
        "<h1>{title}</h1><p><strong>{course}</strong></p>"
        "<p>{name}, {date}: {right} of {total} correct "
        "(pass mark {pass_mark}%).</p><p>{assessed}</p>"
        "<table><thead><tr><th scope='col'>{chapter}</th><th scope='col'>{correct}</th></tr></thead>"
        "<tbody>{rows}</tbody></table><p><em>{self_reported}</em></p></body></html>",
        title=words()["record_title"], course=data["course"], name=data["name"], date=data["date"],
        right=data["score"]["right"], total=data["score"]["total"], pass_mark=round(data["pass_mark"] * 100),
        assessed=assessed_sentence(data), chapter=words()["chapter"], correct=words()["correct"], rows=rows,
        self_reported=data["self_reported"]))


def render_assessment_html(banks: dict[str, QuizBank], order: list[str]) -> str:
    """Every item of every form, without answers; the forms and scoring map as JSON; the
    answers sealed. coursekit-final.js shows one form at a time."""
    from .i18n import strings
    from .render_html import question_html, sealed_parts

    pool, meta = assessment_meta(banks, order)
    slots = {qid: slot for bank in banks.values() for qid, slot in bank_slots(bank).items()}
    body = join(question_html(q, "final", "pool", n, len(pool), answers=False, slot=slots.get(q.id))
                for n, (_, q) in enumerate(pool, 1))
    sealed = seal({q.id: sealed_parts(q) for _, q in pool})
    return html(
        '<div class="ck-final">'
        '<script type="application/json" class="ck-final-data">{data}</script>'
        '<script type="text/plain" class="ck-final-sealed">{sealed}</script>'
        '<p class="ck-final-intro">{intro}</p>'
        '<p class="ck-nojs">{needs_js}</p>'
        '<div class="ck-final-questions">{body}</div>'
        '<div class="ck-final-actions"></div>'
        '<div class="ck-final-results" role="status" aria-live="polite"></div></div>',
        data=json_for_script({**meta, "strings": strings()}), sealed=sealed, intro=words()["intro"],
        needs_js=words()["needs_js"], body=body)
