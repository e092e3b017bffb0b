"""The final assessment: questions drawn from every chapter's bank (never copied), covering
every chapter's objectives, scored per chapter and per objective against a pass mark, with
a self-reported completion record the learner can download.

The selection is deterministic (the same questions in the book and in a notebook); the
order is shuffled on every attempt by the player (JS in the book, Python live).
"""

from __future__ import annotations

from datetime import date
from html import escape

from .model import QuizBank
from .presentation import json_for_script

PASS_MARK = 0.7  # share of questions answered correctly
MIN_QUESTIONS = 30
WORDS = {
    "finish": "Finish and see my results",
    "retake": "Retake the assessment",
    "result": "You answered {right} of {total} questions correctly ({percent}%). The pass mark is {pass_mark}%.",
    "passed": "You passed.",
    "failed": "Not passed yet: review the chapters below and retake the assessment.",
    "by_chapter": "By chapter",
    "by_objective": "By learning objective",
    "chapter": "Chapter",
    "objective": "Objective",
    "correct": "Correct",
    "name": "Your name, as it should appear on the record",
    "download_html": "Download the record (HTML)",
    "download_json": "Download the record (JSON)",
    "save_record": "Save the record (HTML and JSON)",
    "saved": "Saved next to this notebook: {html} and {json}",
    "record_title": "Course completion record (self-reported)",
    "self_reported": "This record is self-reported: the learner took the assessment on their own device; no one supervised or verified it.",
    "course": "The UN and Cybersecurity: a capacity-building course",
}


def select_questions(banks: dict[str, QuizBank], order: list[str]) -> list[tuple[str, object]]:
    """(chapter, question) pairs: per chapter, a greedy cover of its objectives, then more
    questions round-robin across chapters until at least MIN_QUESTIONS."""
    chosen: list[tuple[str, object]] = []
    for slug in order:
        if slug not in banks:
            continue
        bank, uncovered = banks[slug], set(banks[slug].objectives)
        while uncovered:
            best = max(bank.questions, key=lambda q: (len(uncovered & set(q.objectives)), -bank.questions.index(q)))
            chosen.append((slug, best))
            uncovered -= set(best.objectives)
    taken = {q.id for _, q in chosen}
    spare = {slug: [q for q in banks[slug].questions if q.id not in taken] for slug in order if slug in banks}
    while len(chosen) < MIN_QUESTIONS and any(spare.values()):
        for slug in order:
            if spare.get(slug) and len(chosen) < MIN_QUESTIONS:
                chosen.append((slug, spare[slug].pop(0)))
    return chosen


def assessment_bank(banks: dict[str, QuizBank], order: list[str]) -> tuple[QuizBank, dict]:
    """A bank holding the selected questions (so the quiz renderers can show it) and the
    map the scorer needs: question id -> chapter, objective id -> (chapter, text)."""
    chosen = select_questions(banks, order)
    objectives = {o: text for slug, bank in banks.items() for o, text in bank.objectives.items()}
    bank = QuizBank(
        chapter="final-assessment",
        title="Final assessment",
        objectives={o: objectives[o] for o in dict.fromkeys(o for _, q in chosen for o in q.objectives)},
        groups={"final": [q.id for _, q in chosen]},
        questions=[q for _, q in chosen],
    )
    meta = {
        "chapters": {slug: banks[slug].title for slug in order if slug in banks},
        "question_chapter": {q.id: slug for slug, q in chosen},
        "question_objectives": {q.id: list(q.objectives) for _, q in chosen},
        "objectives": {o: objectives[o] for o in bank.objectives},
        "pass_mark": PASS_MARK,
        "words": WORDS,
    }
    return bank, meta


def score(meta: dict, correct_ids: set[str]) -> dict:
    """Totals, pass/fail and the per-chapter and per-objective breakdown."""
    ids = list(meta["question_chapter"])
    by_chapter: dict[str, list[int]] = {}
    by_objective: dict[str, list[int]] = {}
    for qid in ids:
        right = int(qid in correct_ids)
        for bucket, keys in ((by_chapter, [meta["question_chapter"][qid]]), (by_objective, meta["question_objectives"][qid])):
            for key in keys:
                bucket.setdefault(key, [0, 0])
                bucket[key][0] += right
                bucket[key][1] += 1
    right = sum(1 for qid in ids if qid in correct_ids)
    return {"right": right, "total": len(ids), "passed": right / len(ids) >= meta["pass_mark"],
            "by_chapter": by_chapter, "by_objective": by_objective}


def record(meta: dict, result: dict, name: str, when: date | None = None) -> dict:
    """The completion record as JSON-able data (the HTML version shows the same)."""
    return {
        "course": WORDS["course"],
        "name": name.strip(),
        "date": (when or date.today()).isoformat(),
        "score": {"right": result["right"], "total": result["total"]},
        "pass_mark": meta["pass_mark"],
        "by_chapter": {meta["chapters"][c]: {"right": r, "total": t} for c, (r, t) in result["by_chapter"].items()},
        "self_reported": WORDS["self_reported"],
    }


def record_html(data: dict) -> str:
    rows = "".join(f"<tr><th scope='row'>{escape(c)}</th><td>{v['right']} / {v['total']}</td></tr>" for c, v in data["by_chapter"].items())
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(WORDS['record_title'])}</title></head><body>"
        f"<h1>{escape(WORDS['record_title'])}</h1><p><strong>{escape(data['course'])}</strong></p>"
        f"<p>{escape(data['name'])}, {escape(data['date'])}: {data['score']['right']} of {data['score']['total']} correct "
        f"(pass mark {round(data['pass_mark'] * 100)}%).</p>"
        f"<table><thead><tr><th scope='col'>{escape(WORDS['chapter'])}</th><th scope='col'>{escape(WORDS['correct'])}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table><p><em>{escape(data['self_reported'])}</em></p></body></html>"
    )


def render_assessment_html(banks: dict[str, QuizBank], order: list[str]) -> str:
    from .render_html import render_quiz_html

    bank, meta = assessment_bank(banks, order)
    payload = json_for_script(meta)
    return (
        f'<div class="ck-final">'
        f'<script type="application/json" class="ck-final-data">{payload}</script>'
        f"{render_quiz_html(bank, 'final')}"
        f'<div class="ck-final-results" role="status" aria-live="polite"></div></div>'
    )
