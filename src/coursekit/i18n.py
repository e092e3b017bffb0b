"""Every interface word of the quiz engine, in one table, so it can be translated later.

The live widgets read this table directly; the static book receives it as JSON
inside each quiz's markup, so the JavaScript has no strings of its own.
"""

STRINGS: dict[str, str] = {
    "check": "Check",
    "retry": "Retry",
    "correct": "Correct.",
    "incorrect": "Not quite.",
    "unanswered": "Please answer the question first.",
    "invalid_number": "Please type a number, for example 42 or 3.5.",
    "score": "Score",
    "score_line": "Score: {correct} of {total} correct",
    "question_n": "Question {n} of {total}",
    "show_answer": "Show the answer and explanation",
    "answer": "Answer",
    "explanation": "Explanation",
    "source": "Source",
    "true": "True",
    "false": "False",
    "choose": "Choose…",
    "position_n": "Position {n}",
    "your_answer": "Your answer",
    "accepted_answers": "Accepted answers",
    "tolerance": "within {tolerance}",
    "progress_chapter": "Chapter",
    "progress_answered": "Answered",
    "progress_correct": "Correct",
    "progress_none": "No progress recorded yet.",
    "progress_questions": "Questions",
    "progress_needs_js": "Your progress is saved in this browser and needs JavaScript to be shown.",
    "widgets_missing": "Interactive widgets are not available here; the questions are shown as text.",
    "pair_wrong": "Look again at “{left}”.",
    "item_misplaced": "“{item}” is not in its right place.",
    "near_miss": "Close, but outside the accepted range: check the figure in the chapter.",
    "spelling": "Almost: check the spelling.",
    "compare_model_answer": "Compare with a model answer",
    "strong_answer": "What a strong answer considers",
    "storage_unavailable": "Your browser does not allow saving progress; answers still work.",
}


def t(key: str, **values: object) -> str:
    """Look up an interface string and fill in its placeholders."""
    return STRINGS[key].format(**values)
