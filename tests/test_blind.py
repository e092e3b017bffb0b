"""A learner who answers blind must not pass: by position, by length, or by "always False".

Measured on what learners actually see: the option order of the built book's HTML and of
the live widgets (both come from presentation.py; test_render_html and test_widgets pin
that), over every question of every bank, practice and final alike. The bar is the one of
the assessment issue: no blind strategy beats chance by more than 10 points on any type.
"""

from __future__ import annotations

import re
from math import comb
from pathlib import Path

import pytest

from coursekit.loader import load_banks
from coursekit.model import Matching, MultipleChoice, Ordering, SingleChoice, TrueFalse
from coursekit.presentation import bank_slots, display_order, matching_order
from coursekit.render_html import render_quiz_html

ROOT = Path(__file__).resolve().parents[1]
BANKS = load_banks([ROOT / "quizzes"])
QUESTIONS = [q for bank in BANKS.values() for q in bank.questions]
MARGIN = 0.10


def book_order(bank, group: str) -> dict[str, list[str]]:
    """Option ids of each choice question in the order the built book shows them."""
    html = render_quiz_html(bank, group)
    out = {}
    for qid, body in re.findall(r'<fieldset class="ck-question" id="[^"]+" data-qid="([^"]+)"(.*?)</fieldset>', html, re.S):
        out[qid] = re.findall(r'<input type="(?:radio|checkbox)" name="[^"]+" id="[^"]+" value="([^"]+)"', body)
    return out


SHOWN = {qid: ids for bank in BANKS.values() for group in bank.groups for qid, ids in book_order(bank, group).items()}


def widget_orders(tmp_path) -> dict[str, list[str]]:
    """Option ids of each choice question in the order the live widgets show them, quiz by quiz
    (a group is one quiz in a notebook, and the final pool one assessment)."""
    from coursekit.progress import ProgressStore
    from coursekit.widgets import quiz_widget

    found = {}
    for bank in BANKS.values():
        for group in bank.groups:
            questions = bank.group(group)
            boxes = quiz_widget(bank.chapter, questions, ProgressStore(tmp_path / "p.json"), slots=bank_slots(bank)).children[:-1]
            for q, box in zip(questions, boxes):
                if isinstance(q, (SingleChoice, MultipleChoice)):
                    control = box.children[1]
                    if isinstance(q, SingleChoice):
                        found[q.id] = [v for _, v in control.options]
                    else:
                        by_text = {o.text: o.id for o in q.options}
                        found[q.id] = [by_text[c.description] for c in control.children]
    return found


def singles():
    return [q for q in QUESTIONS if isinstance(q, SingleChoice)]


def multiples():
    return [q for q in QUESTIONS if isinstance(q, MultipleChoice)]


def test_the_book_and_the_notebook_show_the_same_order(tmp_path):
    live = widget_orders(tmp_path)
    for q in singles() + multiples():
        assert SHOWN[q.id] == live[q.id], q.id
        assert sorted(SHOWN[q.id]) == sorted(o.id for o in q.options)


@pytest.mark.parametrize("slug", sorted(BANKS))
def test_no_chapter_rewards_answering_by_position(slug):
    """Per chapter too: a learner who always picks the same position in one chapter's quizzes
    scores no better than chance + 10 points (keys are dealt to positions in turn)."""
    qs = [q for q in BANKS[slug].questions if isinstance(q, SingleChoice)]
    chance = sum(1 / len(q.options) for q in qs) / len(qs)
    for position in range(4):
        share = sum(SHOWN[q.id].index(q.correct) == min(position, len(q.options) - 1) for q in qs) / len(qs)
        assert share <= chance + MARGIN, f"{slug}: option {position + 1} is right in {share:.0%} (chance {chance:.0%})"


def test_single_choice_blind_by_position_and_length():
    qs = singles()
    assert len(qs) >= 40
    chance = sum(1 / len(q.options) for q in qs) / len(qs)
    text = {(q.id, o.id): len(o.text) for q in qs for o in q.options}
    by_position = {}
    for position in range(max(len(q.options) for q in qs)):
        picks = [SHOWN[q.id][min(position, len(q.options) - 1)] == q.correct for q in qs]
        by_position[position + 1] = sum(picks) / len(qs)
    last = sum(SHOWN[q.id][-1] == q.correct for q in qs) / len(qs)
    longest = sum(max(q.options, key=lambda o: len(o.text)).id == q.correct for q in qs) / len(qs)
    shortest = sum(min(q.options, key=lambda o: len(o.text)).id == q.correct for q in qs) / len(qs)
    strategies = {**{f"always option {p}": s for p, s in by_position.items()}, "always the last": last,
                  "always the longest": longest, "always the shortest": shortest}
    beaten = {name: f"{score:.0%}" for name, score in strategies.items() if score > chance + MARGIN}
    assert beaten == {}, f"chance is {chance:.0%}"
    # The assessment issue's own measure: no displayed position holds more than 40 % of the keys.
    shares = [sum(SHOWN[q.id].index(q.correct) == p for q in qs) / len(qs) for p in range(4)]
    assert max(shares) <= 0.40, shares
    assert text  # (lengths are read from the bank: the book shows option text unchanged)


def test_multiple_choice_keys_are_not_the_first_options_shown():
    qs = multiples()
    assert len(qs) >= 10
    first = [q.id for q in qs if set(SHOWN[q.id][: len(q.answer)]) == set(q.answer)]
    assert len(first) / len(qs) <= 0.20, first
    # Ticking the longest options, as many as there are keys, does no better than chance + 10.
    chance = sum(1 / comb(len(q.options), len(q.answer)) for q in qs) / len(qs)
    longest = sum({o.id for o in sorted(q.options, key=lambda o: -len(o.text))[: len(q.answer)]} == set(q.answer) for q in qs)
    assert longest / len(qs) <= chance + MARGIN
    # Ticking the first two shown, whatever the number of keys.
    first_two = sum(set(SHOWN[q.id][:2]) == set(q.answer) for q in qs) / len(qs)
    assert first_two <= chance + MARGIN


@pytest.mark.parametrize("blind", [True, False], ids=["always-true", "always-false"])
def test_true_false_blind(blind):
    keys = [q.answer for q in QUESTIONS if isinstance(q, TrueFalse)]
    assert len(keys) >= 10
    assert sum(k is blind for k in keys) / len(keys) <= 0.5 + MARGIN


def test_ordering_and_matching_blind():
    orderings = [q for q in QUESTIONS if isinstance(q, Ordering)]
    # Keeping the order shown is never right: it is never the correct one.
    assert all(display_order(q) != list(q.items) for q in orderings)
    matchings = [q for q in QUESTIONS if isinstance(q, Matching)]
    # Picking the choices in the order listed, row by row as shown, rarely matches a pair.
    right = total = 0
    for q in matchings:
        rows, choices = matching_order(q)
        for shown_row, pair_index in enumerate(rows):
            right += choices[min(shown_row, len(choices) - 1)] == q.pairs[pair_index].right
            total += 1
    chance = sum(len(q.pairs) / len(q.choices) for q in matchings) / max(1, sum(len(q.pairs) for q in matchings))
    assert right / total <= chance + MARGIN, f"{right} of {total} pairs"
