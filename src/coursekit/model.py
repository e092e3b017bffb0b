"""The quiz data model: one bank per chapter, seven question types.

The models check structure (types, required and unknown fields). Rules that need
more than one field (an answer must name an existing option, a single-choice
question has exactly one answer, ...) live in each model's ``problems()`` so the
loader can report every defect at once, each with the field it concerns.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
# Strict: YAML reads ``true`` as a boolean and pydantic would quietly turn it into 1.0
# (or "11" into 11.0); a numeric answer must be written as a number. Infinity and NaN
# (``.inf``/``.nan`` in YAML) cannot be graded and cannot be expressed in JSON.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
# Strict for the same reason: 1, "yes" or "true" in quotes are not a true-false answer.
Bool = Annotated[bool, Field(strict=True)]

# Cognitive level of a question (revised Bloom taxonomy, up to "evaluate"). Optional in the
# model so small test banks stay small; ``coursekit check`` requires it on course banks.
LEVELS = ("remember", "understand", "apply", "analyse", "evaluate")
Level = Literal["remember", "understand", "apply", "analyse", "evaluate"]
# Item-quality rules an author may set aside for one question after review, with the reason.
# Only the word-list rule is heuristic enough to need it (see quality.py).
ReviewedRule = Literal["absolute-words"]

# The reserved group that holds a bank's final-assessment items: never shown as a chapter quiz.
FINAL_GROUP = "final"

# A problem found by ``problems()``: (field path inside the question, message).
Problem = tuple[tuple[str | int, ...], str]


class _Strict(BaseModel):
    # Unknown fields are errors: a typo such as "feedbak" must not pass silently.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    id: Id
    text: str = Field(min_length=1)
    feedback: str | None = None


class _QuestionBase(_Strict):
    id: Id
    objectives: list[Id] = Field(min_length=1)
    prompt: str = Field(min_length=1)
    explanation: str = Field(min_length=1)
    # Bibliography keys (references.bib); the content tests check they resolve.
    sources: list[str] = Field(min_length=1)
    level: Level | None = None
    # rule id -> why the author judged it does not apply to this question.
    reviewed: dict[ReviewedRule, Annotated[str, Field(min_length=1)]] = {}

    def problems(self) -> list[Problem]:
        return []


class _OptionsQuestion(_QuestionBase):
    options: list[Option]

    def _option_problems(self, answers: list[str]) -> list[Problem]:
        # Field paths point at the offending element (the repeated option, the unknown
        # answer) so the loader reports the line the author has to edit.
        found: list[Problem] = []
        if len(self.options) < 2:
            found.append((("options",), f"a choice question needs at least 2 options, found {len(self.options)}"))
        ids = [o.id for o in self.options]
        for k, oid in enumerate(ids):
            if oid in ids[:k]:
                found.append((("options", k, "id"), f"option id '{oid}' is used twice"))
        if not answers:
            found.append((("answer",), "no correct option: 'answer' must name at least one option id"))
        listed = not isinstance(getattr(self, "answer", None), str)
        for k, answer in enumerate(answers):
            if answer not in ids:
                where = ("answer", k) if listed else ("answer",)
                found.append((where, f"answer '{answer}' is not an option id (options: {', '.join(ids)})"))
        return found


class SingleChoice(_OptionsQuestion):
    type: Literal["single"]
    answer: str | list[str]

    def problems(self) -> list[Problem]:
        answers = [self.answer] if isinstance(self.answer, str) else list(self.answer)
        found = self._option_problems(answers)
        if len(answers) > 1:
            found.append(
                (("answer",), f"several correct options in single choice ({', '.join(answers)}); use type 'multiple'")
            )
        return found

    @property
    def correct(self) -> str:
        return self.answer if isinstance(self.answer, str) else self.answer[0]


class MultipleChoice(_OptionsQuestion):
    type: Literal["multiple"]
    answer: list[str]

    def problems(self) -> list[Problem]:
        found = self._option_problems(list(self.answer))
        for k, answer in enumerate(self.answer):
            if answer in self.answer[:k]:
                found.append((("answer", k), f"option '{answer}' is listed twice in 'answer'"))
        return found


class TrueFalse(_QuestionBase):
    type: Literal["true-false"]
    answer: Bool
    feedback_if_true: str | None = None
    feedback_if_false: str | None = None


class Pair(_Strict):
    left: str = Field(min_length=1)
    right: str = Field(min_length=1)
    # Shown when a learner matches this left item wrongly: why it goes with its right item.
    feedback: str | None = None


class Matching(_QuestionBase):
    type: Literal["matching"]
    pairs: list[Pair]
    # Extra right-hand choices that match nothing, to make guessing harder.
    distractors: list[str] = []

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        if len(self.pairs) < 2:
            found.append((("pairs",), f"matching needs at least 2 pairs, found {len(self.pairs)}"))
        # A repeated left item cannot be told apart; a repeated right item would make
        # two answers interchangeable. Either way, report the later (copied) pair.
        for side in ("left", "right"):
            values = [getattr(p, side) for p in self.pairs]
            for k, value in enumerate(values):
                if value in values[:k]:
                    found.append((("pairs", k, side), f"duplicate {side} item '{value}' in pairs (pair {k + 1})"))
        rights = {p.right for p in self.pairs}
        for k, d in enumerate(self.distractors):
            if d in rights:
                found.append((("distractors", k), f"distractor '{d}' is also a right-hand answer"))
        return found

    @property
    def choices(self) -> list[str]:
        """Right-hand choices offered for every left item, in a stable sorted order."""
        return sorted({p.right for p in self.pairs} | set(self.distractors), key=str.casefold)


class Ordering(_QuestionBase):
    type: Literal["ordering"]
    # The items in their correct order; learners see them shuffled.
    items: list[str]

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        if len(self.items) < 3:
            found.append((("items",), f"ordering needs at least 3 items, found {len(self.items)}"))
        for k, item in enumerate(self.items):
            if item in self.items[:k]:
                found.append((("items", k), f"item '{item}' is listed twice"))
        return found


class Numeric(_QuestionBase):
    type: Literal["numeric"]
    answer: Number
    tolerance: Number = 0.0
    unit: str | None = None

    def problems(self) -> list[Problem]:
        if self.tolerance < 0:
            return [(("tolerance",), f"'tolerance' must not be negative, got {self.tolerance:g}")]
        return []


class ShortText(_QuestionBase):
    type: Literal["short-text"]
    # Compared after folding case and collapsing white space.
    accept: list[str]

    def problems(self) -> list[Problem]:
        if not [a for a in self.accept if a.strip()]:
            return [(("accept",), "short-text needs at least one accepted answer")]
        return []


Question = Annotated[
    Union[SingleChoice, MultipleChoice, TrueFalse, Matching, Ordering, Numeric, ShortText],
    Field(discriminator="type"),
]

QUESTION_TYPES = ("single", "multiple", "true-false", "matching", "ordering", "numeric", "short-text")


class QuizBank(_Strict):
    """One chapter's questions. ``chapter`` is the chapter slug and the file name."""

    chapter: Id
    title: str = Field(min_length=1)
    # Learning objectives of the chapter: id -> text.
    objectives: dict[Id, str] = Field(min_length=1)
    # Named groups of question ids; a notebook cell shows one group.
    groups: dict[Id, list[str]] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)

    def question(self, qid: str):
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def group(self, name: str) -> list:
        return [self.question(qid) for qid in self.groups[name]]

    @property
    def practice_questions(self) -> list:
        """The chapter's quiz questions: every question not reserved for the final assessment."""
        final = set(self.groups.get(FINAL_GROUP, ()))
        return [q for q in self.questions if q.id not in final]

    @property
    def final_questions(self) -> list:
        """The bank's final-assessment pool (the ``final`` group); empty if it has none."""
        return self.group(FINAL_GROUP) if FINAL_GROUP in self.groups else []


SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict:
    """JSON Schema of a quiz bank, for editors (YAML language server) and other tools.

    It describes the structure only; cross-field rules (answers naming existing
    options, declared objectives, ...) are checked by ``coursekit check``.
    """
    schema = QuizBank.model_json_schema()
    # Put the dialect and the human description first so the file reads well.
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "Quiz bank",
        "description": (
            "One chapter's quiz questions for 'The UN and Cybersecurity' course "
            "(quizzes/<chapter>.yml). Structure only: run `coursekit check` for the "
            "rules that span several fields, such as answers that must name an option."
        ),
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }
