"""Run every shared grading vector through the Python grader.

The same vectors run through the JavaScript twin in tests/browser/test_quiz_browser.py,
so a question grades alike in a live notebook and in the built book.
"""

import json
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from coursekit.grading import grade
from coursekit.i18n import speaking
from coursekit.model import QUESTION_TYPES, Question

VECTORS = json.loads((Path(__file__).parent / "grading_vectors.json").read_text(encoding="utf-8"))
QUESTION = TypeAdapter(Question)


def test_vectors_have_unique_names_and_cover_every_type():
    names = [v["name"] for v in VECTORS]
    assert len(names) == len(set(names))
    assert {v["question"]["type"] for v in VECTORS} == set(QUESTION_TYPES)
    for type_ in QUESTION_TYPES:  # each type has a right, a wrong and an unanswered case
        outcomes = {(v["expected"]["correct"], v["expected"]["answered"]) for v in VECTORS if v["question"]["type"] == type_}
        assert outcomes == {(True, True), (False, True), (False, False)}, type_


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector(vector):
    question = QUESTION.validate_python(vector["question"])
    assert question.problems() == [], "the vector's question must be a valid quiz question"
    with speaking(vector.get("language", "en")):  # French and Spanish read 3,5 as 3.5
        verdict = grade(question, vector["response"])
    # "feedback_for" is pinned where a vector states it (the specific feedback of each type).
    assert {k: v for k, v in verdict.as_dict().items() if k in vector["expected"]} == vector["expected"]
