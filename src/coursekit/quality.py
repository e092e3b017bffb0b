"""Item-quality rules: could a learner who has not read the chapter pass by test-taking tricks?

``coursekit check`` runs these after the banks load cleanly. Each rule has an id (used in
messages, in ``reviewed:`` exemptions and in AUTHORING.md, which documents the thresholds).
Findings use the loader's ``Issue`` (``path:line: question-id: message``) so authors read
one format. Rules come in three scopes:

- question: a defect of one item (an absolute word in a true/false statement...);
- bank or group: a pattern inside one bank (the key is usually the longest option...);
- course: a pattern across every bank checked together (true/false keys mostly False...).

Course rules need a sample large enough to mean something (``MIN_SAMPLE``); with fewer
items they are silent, so checking one small bank never fails on proportions.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

from .loader import Issue, parse_yaml, yaml_line
from .model import FINAL_GROUP, LEVELS, Matching, MultipleChoice, Numeric, QuizBank, ShortText, SingleChoice, TrueFalse
from .numbers import format_number
from .presentation import keys_come_first

# -- thresholds (documented in AUTHORING.md) ------------------------------------------
LONGEST_MARGIN = 0.15      # key uniquely longest in at most 1/n + 15 % of a bank's single-choice items
TRUE_SHARE = (0.40, 0.60)  # share of true/false keys that are True, across the course
SINGLE_POSITION_MAX = 0.40  # no source position holds more than 40 % of single-choice keys
MULTIPLE_FIRST_MAX = 0.20  # multiple-choice keys are the first options written in at most 20 % of items
REMEMBER_MAX = 0.40        # at most 40 % of items at "remember"
UNSEEN_SIMILARITY = 0.80   # a final item whose prompt is this close to a practice prompt was seen
MIN_SAMPLE = {"true-false": 10, "single": 10, "multiple": 5, "levels": 20}

ABSOLUTE_WORDS = ("only", "always", "never", "every", "all", "none", "caused")
_ABSOLUTE = re.compile(r"\b(" + "|".join(ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)
# Quiz text is CommonMark (presentation.py): a pipe table would show as raw pipes.
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE)
_ALL_NONE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|those|the options)\b", re.IGNORECASE)

# The first word of an objective decides its level (revised Bloom). "Plan" is a creating verb;
# the scale stops at "evaluate", so planning objectives ask for items at apply level or above.
VERB_LEVELS = {
    "remember": ("identify", "list", "name", "recall", "define", "state", "recognise", "recognize"),
    "understand": ("explain", "describe", "summarise", "summarize", "outline", "interpret", "distinguish",
                   "compare", "classify", "illustrate", "contrast", "discuss"),
    "apply": ("apply", "use", "plan", "calculate", "demonstrate", "prepare", "decide", "draft", "design",
              "choose", "propose", "solve", "map"),
    "analyse": ("analyse", "analyze", "examine", "differentiate", "trace", "investigate"),
    "evaluate": ("evaluate", "assess", "judge", "weigh", "critique", "justify", "recommend", "argue", "prioritise",
                 "prioritize"),
}
_VERB_LEVEL = {verb: level for level, verbs in VERB_LEVELS.items() for verb in verbs}
_RANK = {level: k for k, level in enumerate(LEVELS)}

# Words too common to give an answer away when they appear in both stem and key.
_STOP = frozenset("""
about above after again against also among and any are because been before being below between both but
can could did does doing down during each few for from further had has have having here how into its itself
just more most much must not now off once onto other ought our out over own same should some such than that
the their them then there these they this those through too under until upon very was were what when where
which while who whom why will with within without would your yours first second third one two three four five
six seven many made make makes may might well even only like un
""".split())
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


def _words(text: str) -> set[str]:
    return {_fold(w) for w in _WORD.findall(text or "")}


def _fold(word: str) -> str:
    """Compare words loosely: case, possessive and plural 's' do not matter."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _distinctive(word: str, raw: str) -> bool:
    # Numbers of one or two digits come from symbols and counts everywhere (A/70/174); years
    # and larger counts do point to a key.
    if word in _STOP or raw.isdigit() and len(raw) < 3:
        return False
    return len(word) >= 4 or raw.isupper() and len(raw) >= 2 or raw.isdigit()


def _plain(text: str) -> str:
    """Text for comparisons: no Markdown marks or punctuation, folded case and spaces."""
    text = re.sub(r"[`*_~>#\[\]()]", " ", text or "")
    text = re.sub(r"[^\w\s.-]", " ", text.lower())
    return " ".join(text.replace(".", " ").split())


class _Locator:
    """Lines of questions and fields in one bank file (its YAML read again, once)."""

    def __init__(self, path: str):
        self.path = path
        try:
            self.root, data = parse_yaml(Path(path).read_text(encoding="utf-8"), path)
        except Exception:  # the loader already accepted this file; a read race must not crash the check
            self.root, data = None, {}
        raw = data.get("questions", []) if isinstance(data, dict) else []
        self.index = {q.get("id"): i for i, q in enumerate(raw) if isinstance(q, dict)}

    def line(self, loc: tuple) -> int:
        return yaml_line(self.root, loc) if self.root is not None else 1

    def question(self, qid: str, *field) -> int:
        return self.line(("questions", self.index.get(qid, 0), *field))


def check_quality(banks: dict[str, QuizBank], paths: dict[str, str]) -> list[Issue]:
    """Every finding of every rule for ``banks`` (chapter -> bank); ``paths`` gives each
    bank's file for line numbers. Course rules see all the banks together."""
    found: list[Issue] = []
    locators = {slug: _Locator(paths[slug]) for slug in banks}
    for slug, bank in banks.items():
        at = locators[slug]
        for q in bank.questions:
            found += _question_findings(q, at)
        found += _longest_key(bank, at)
        found += _objective_levels(bank, at)
        for name, members in bank.groups.items():
            found += _group_give_aways(bank, name, at)
    found += _course_findings(banks, locators)
    return sorted(found)


# -- question rules ---------------------------------------------------------------------


def _question_findings(q, at: _Locator) -> list[Issue]:
    found = []

    def add(field: tuple, rule: str, message: str) -> None:
        found.append(Issue(at.path, at.question(q.id, *field), q.id, f"{message} [{rule}]"))

    if q.level is None:
        add(("id",), "level", f"no cognitive level: add 'level:' ({', '.join(LEVELS)})")
    if _TABLE_ROW.search(_visible_after_answer(q)):
        add(("prompt",), "unsupported-markdown", "a Markdown table: quiz text has no tables, learners would see raw "
            "'|' characters; use a list ('- item: value')")
    if isinstance(q, TrueFalse) and "absolute-words" not in q.reviewed:
        words = sorted({m.group(0).lower() for m in _ABSOLUTE.finditer(q.prompt)})
        if words:
            add(("prompt",), "absolute-words",
                f"absolute word{'s' if len(words) > 1 else ''} in a true/false statement ({', '.join(words)}): test-wise "
                "learners answer False; reword, or add reviewed: {absolute-words: <why it must stay>}")
    if isinstance(q, (SingleChoice, MultipleChoice)):
        for k, option in enumerate(q.options):
            if _ALL_NONE.search(option.text):
                add(("options", k, "text"), "all-none-of-above",
                    f"option '{option.id}' is '{_ALL_NONE.search(option.text).group(0)}': write a real answer instead")
        stem = _words(q.prompt)
        keys = {q.correct} if isinstance(q, SingleChoice) else set(q.answer)
        others = set().union(*(_words(o.text) for o in q.options if o.id not in keys))
        for k, option in enumerate(q.options):
            if option.id not in keys:
                continue
            given = sorted({raw for raw in _WORD.findall(option.text)
                            if _distinctive(_fold(raw), raw) and _fold(raw) not in others and _fold(raw) in stem}, key=str.lower)
            if given:
                add(("options", k, "text"), "give-away-stem",
                    f"the correct option '{option.id}' shares {', '.join(repr(g) for g in given)} with the prompt and no "
                    "other option does: the word points to the key")
    if isinstance(q, Matching):
        for k, pair in enumerate(q.pairs):
            if not pair.feedback:
                add(("pairs", k), "pair-feedback", f"pair {k + 1} has no 'feedback' (why it goes together, shown when matched wrongly)")
    return found


# -- bank and group rules -----------------------------------------------------------------


def longest_keys(bank: QuizBank) -> tuple[list[str], float]:
    """The single-choice questions whose key is the uniquely longest option, and how many
    chance allows (1/n per question, plus a margin). Language-neutral: it holds for a
    translated bank too."""
    singles = [q for q in bank.questions if isinstance(q, SingleChoice)]
    longest = [q.id for q in singles if _uniquely_longest(q)]
    return longest, sum(1 / len(q.options) for q in singles) + LONGEST_MARGIN * len(singles)


def _longest_key(bank: QuizBank, at: _Locator) -> list[Issue]:
    singles = [q for q in bank.questions if isinstance(q, SingleChoice)]
    if not singles:
        return []
    longest, allowed = longest_keys(bank)
    if len(longest) <= allowed:
        return []
    message = (f"the key is the uniquely longest option in {len(longest)} of {len(singles)} single-choice questions "
               f"(at most {allowed:.1f} = 1/n + 15 %): {', '.join(longest)} [longest-key]")
    return [Issue(at.path, at.line(("questions",)), "(bank)", message)]


def _uniquely_longest(q: SingleChoice) -> bool:
    lengths = [len(o.text.strip()) for o in q.options]
    key = lengths[[o.id for o in q.options].index(q.correct)]
    return lengths.count(max(lengths)) == 1 and key == max(lengths)


def objective_level(text: str) -> str | None:
    """The level of an objective, from its first word; None if the verb is not in the table."""
    words = text.split()
    return _VERB_LEVEL.get(words[0].lower().strip(",:;")) if words else None


def _objective_levels(bank: QuizBank, at: _Locator) -> list[Issue]:
    found = []
    for oid, text in bank.objectives.items():
        level = objective_level(text)
        line = at.line(("objectives", oid))
        if level is None:
            first = (text.split() or ["(empty)"])[0]
            found.append(Issue(at.path, line, "(bank)", f"objective '{oid}' starts with '{first}', a verb not in the level "
                               "table: start with a measurable verb (see AUTHORING.md) [objective-level]"))
            continue
        if _RANK[level] < _RANK["apply"]:
            continue
        items = [q.id for q in bank.questions if oid in q.objectives and q.level and _RANK[q.level] >= _RANK[level]]
        if len(items) < 2:
            found.append(Issue(at.path, line, "(bank)", f"objective '{oid}' asks learners to {text.split()[0].lower()} "
                               f"({level}) but {len(items)} question{' assesses' if len(items) == 1 else 's assess'} it at that "
                               f"level or above; needs at least 2 [objective-level]"))
    return found


def answer_phrases(q) -> list[str]:
    """What a learner would type or pick as the answer, as text that could leak elsewhere."""
    if isinstance(q, SingleChoice):
        texts = [next(o.text for o in q.options if o.id == q.correct)]
    elif isinstance(q, MultipleChoice):
        texts = [o.text for o in q.options if o.id in q.answer]
    elif isinstance(q, Numeric):
        # One-digit answers (4 reports, 2 failures) are everywhere in ordinary text.
        return [format_number(q.answer)] if abs(q.answer) >= 10 else []
    elif isinstance(q, ShortText):
        texts = list(q.accept)
    else:
        return []
    return [t for t in texts if len(_plain(t)) >= 4 or t.strip().isupper() and len(t.strip()) >= 2]


def _mentioned(phrases: list[str], text: str) -> str | None:
    """The first of ``phrases`` that ``text`` contains as whole words (so 11 is not in 110)."""
    plain = _plain(text)
    return next((p for p in phrases if re.search(r"(?<![\w.])" + re.escape(_plain(p)) + r"(?![\w]|\.\d)", plain)), None)


def _visible_after_answer(q) -> str:
    parts = [q.prompt, q.explanation]
    if isinstance(q, (SingleChoice, MultipleChoice)):
        parts += [o.feedback or "" for o in q.options]
    elif isinstance(q, TrueFalse):
        parts += [q.feedback_if_true or "", q.feedback_if_false or ""]
    elif isinstance(q, Matching):
        parts += [p.feedback or "" for p in q.pairs]
    return "\n".join(parts)


def _group_give_aways(bank: QuizBank, name: str, at: _Locator) -> list[Issue]:
    """An answer of one question printed in the text of another question of the group.
    In chapter quizzes learners read each question's feedback before the next; in the final
    pool nothing but prompts is visible before submission."""
    questions = bank.group(name)
    shown = (lambda q: q.prompt) if name == FINAL_GROUP else _visible_after_answer
    found = []
    for a in questions:
        for b in questions:
            if b is a:
                continue
            phrase = _mentioned(answer_phrases(a), shown(b))
            if phrase:
                found.append(Issue(at.path, at.question(b.id), b.id,
                                   f"its text contains '{phrase.strip()}', the answer of '{a.id}' in the same group "
                                   f"'{name}' [give-away-group]"))
    return found


# -- course rules -------------------------------------------------------------------------


def _course_findings(banks: dict[str, QuizBank], locators: dict[str, _Locator]) -> list[Issue]:
    if not banks:
        return []
    where = _common_folder([at.path for at in locators.values()])
    questions = [(slug, q) for slug, bank in banks.items() for q in bank.questions]
    found = []

    def course(message: str, rule: str) -> None:
        found.append(Issue(where, 1, "(course)", f"{message} [{rule}]"))

    tf = [q.answer for _, q in questions if isinstance(q, TrueFalse)]
    if len(tf) >= MIN_SAMPLE["true-false"]:
        share = sum(tf) / len(tf)
        if not TRUE_SHARE[0] <= share <= TRUE_SHARE[1]:
            course(f"{sum(tf)} of {len(tf)} true/false keys are True ({share:.0%}); keep between "
                   f"{TRUE_SHARE[0]:.0%} and {TRUE_SHARE[1]:.0%} so 'always False' does not pay", "true-false-balance")

    singles = [q for _, q in questions if isinstance(q, SingleChoice)]
    if len(singles) >= MIN_SAMPLE["single"]:
        positions = Counter([o.id for o in q.options].index(q.correct) + 1 for q in singles)
        position, count = positions.most_common(1)[0]
        if count / len(singles) > SINGLE_POSITION_MAX:
            course(f"{count} of {len(singles)} single-choice keys are written as option {position} "
                   f"({count / len(singles):.0%}, at most {SINGLE_POSITION_MAX:.0%}); vary the key's place", "key-position")
    multiples = [q for _, q in questions if isinstance(q, MultipleChoice)]
    if len(multiples) >= MIN_SAMPLE["multiple"]:
        first = [q.id for q in multiples if keys_come_first([o.id for o in q.options], q.answer)]
        if len(first) / len(multiples) > MULTIPLE_FIRST_MAX:
            course(f"in {len(first)} of {len(multiples)} multiple-choice questions the keys are the first options "
                   f"written (at most {MULTIPLE_FIRST_MAX:.0%}): {', '.join(first)}", "key-position")

    levels = [q.level for _, q in questions if q.level]
    if len(levels) >= MIN_SAMPLE["levels"]:
        share = levels.count("remember") / len(levels)
        if share > REMEMBER_MAX:
            course(f"{levels.count('remember')} of {len(levels)} questions are at 'remember' level ({share:.0%}, at most "
                   f"{REMEMBER_MAX:.0%}); turn recall items into situations that need the ideas", "remember-share")

    found += _final_findings(banks, locators)
    seen: dict[str, tuple[str, str]] = {}
    for slug, q in questions:
        key = _plain(q.prompt)
        if key in seen:
            first_slug, first_id = seen[key]
            found.append(Issue(locators[slug].path, locators[slug].question(q.id, "prompt"), q.id,
                               f"same prompt as '{first_id}' ({locators[first_slug].path}) [duplicate-prompt]"))
        else:
            seen[key] = (slug, q.id)
    return found


def _final_findings(banks: dict[str, QuizBank], locators: dict[str, _Locator]) -> list[Issue]:
    """The final assessment deals items of every chapter together, so its rules are
    course-wide: no final prompt gives away another chapter's final answer, and no final item
    is a reworded copy of a practice item the learner has already answered."""
    finals = [(slug, q) for slug, bank in banks.items() for q in bank.final_questions]
    # Compared word by word (fast, and what a reader notices), after a cheap upper bound.
    practice = [(slug, q, _plain(q.prompt).split()) for slug, bank in banks.items() for q in bank.practice_questions]
    found = []
    for slug, b in finals:
        at, prompt = locators[slug], _plain(b.prompt)
        for other, a in finals:
            if other == slug:
                continue  # inside one bank, the group rule has reported it
            phrase = _mentioned(answer_phrases(a), b.prompt)
            if phrase:
                found.append(Issue(at.path, at.question(b.id), b.id, f"its prompt contains '{phrase.strip()}', the answer of "
                                   f"final item '{a.id}' ({other}); both can be dealt together [give-away-group]"))
        words = prompt.split()
        for other, p, text in practice:
            matcher = SequenceMatcher(None, words, text, autojunk=False)
            if matcher.real_quick_ratio() >= UNSEEN_SIMILARITY and matcher.quick_ratio() >= UNSEEN_SIMILARITY \
                    and matcher.ratio() >= UNSEEN_SIMILARITY:
                found.append(Issue(at.path, at.question(b.id, "prompt"), b.id, f"final item is a near copy of practice "
                                   f"question '{p.id}' ({other}): final items must be unseen [final-unseen]"))
    return found


def _common_folder(paths: list[str]) -> str:
    parents = {str(Path(p).parent) for p in paths}
    return parents.pop() if len(parents) == 1 else "(course)"
