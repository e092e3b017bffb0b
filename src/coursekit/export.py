"""Export quiz banks for learning platforms: Moodle GIFT, a QTI 1.2 package for Canvas, CSV.

``python -m coursekit export --out DIR`` writes all three (see ``cli.py``). The mappings,
where a platform lacks one of the course's seven question types or a feature:

- every question keeps its id as its name (GIFT ``::id::``, QTI ``ident``), so a result
  in the platform can be traced back to the bank;
- the explanation becomes the general feedback; per-option feedback is kept where the
  format has it (single and multiple choice, true/false, short text, numeric);
- multiple choice: each correct option is worth an equal share of 100 %, each wrong one
  -100 %, so only the exact set scores full marks, as in the course;
- ordering (no such type in GIFT or Canvas QTI) becomes matching: each item is matched
  with its position, "Position 1" being the first;
- matching: the distractor choices of a bank are kept in QTI (as extra answers) and
  dropped in GIFT, which has no place for them;
- true/false in GIFT: the first feedback is shown for a wrong answer, the second for a
  right one (Moodle's order);
- GIFT reads "->" inside answers as a matching pair and has no escape for it, so in
  answer and feedback text it is written "→";
- GIFT text carries a format marker where the bank's text is Markdown (the prompt, the
  explanation, choice texts and every feedback, the left side of a matching pair), so
  Moodle renders it instead of showing the asterisks. Moodle lets a part without a marker
  inherit the prompt's format; the markers are written on every part all the same, so a
  part stays right if someone edits the file by hand. The texts the course shows as plain
  text (ordering items, matching answers, accepted short answers) carry none.
"""

from __future__ import annotations

import csv
import io
import zipfile
from xml.etree import ElementTree as ET

from .i18n import t
from .numbers import format_number
from .model import Matching, MultipleChoice, Numeric, Ordering, QuizBank, ShortText, SingleChoice, TrueFalse
from .presentation import answer_text, md_block
from .qtypes import dispatch, handler

# -- GIFT -------------------------------------------------------------------------------

_GIFT_SPECIAL = str.maketrans({c: "\\" + c for c in "\\~=#{}:"})


def gift_escape(text: str) -> str:
    """GIFT text: the special characters ~ = # { } : and the backslash escaped, new lines as \\n."""
    return text.strip().translate(_GIFT_SPECIAL).replace("\r\n", "\n").replace("\n", "\\n")


def gift_answer_form(text: str) -> str:
    """Answer and feedback text as GIFT can hold it (before escaping)."""
    return text.replace("->", "→")


def _gift_answer_text(text: str) -> str:
    return gift_escape(gift_answer_form(text))


_MARKDOWN = "[markdown]"


def _gift_markdown(text: str) -> str:
    """A Markdown answer or feedback text, with GIFT's format marker so Moodle renders it."""
    return _MARKDOWN + _gift_answer_text(text)


def _weight(share: float) -> str:
    return f"{share:.5f}".rstrip("0").rstrip(".")


def ordering_pairs(question: Ordering) -> list[tuple[str, str]]:
    """How an ordering question is exported: each item matched with its position."""
    return [(item, f"Position {n}") for n, item in enumerate(question.items, 1)]


def _pairs(q: Matching | Ordering) -> list[tuple[str, str]]:
    """(item, its answer) of a matching question, or of an ordering question exported as one."""
    return [(p.left, p.right) for p in q.pairs] if isinstance(q, Matching) else ordering_pairs(q)


def _gift_answers(q) -> list[str]:
    return dispatch("gift", q)


def _gift_feedback(option) -> str:
    return f"#{_gift_markdown(option.feedback)}" if option.feedback else ""


@handler("gift", "single")
def _gift_single(q: SingleChoice) -> list[str]:
    return [f"{'=' if o.id == q.correct else '~'}{_gift_markdown(o.text)}{_gift_feedback(o)}" for o in q.options]


@handler("gift", "multiple")
def _gift_multiple(q: MultipleChoice) -> list[str]:
    right, wrong = _weight(100 / len(q.answer)), "-100"
    return [f"~%{right if o.id in q.answer else wrong}%{_gift_markdown(o.text)}{_gift_feedback(o)}" for o in q.options]


@handler("gift", "true-false")
def _gift_true_false(q: TrueFalse) -> list[str]:
    # Moodle's order: feedback for a wrong answer, then for a right one. A missing
    # feedback gets the course's own words, as the course would show them.
    if_wrong = (q.feedback_if_false if q.answer else q.feedback_if_true) or t("incorrect")
    if_right = (q.feedback_if_true if q.answer else q.feedback_if_false) or t("correct")
    return [f"{'TRUE' if q.answer else 'FALSE'}#{_gift_markdown(if_wrong)}#{_gift_markdown(if_right)}"]


@handler("gift", "matching")
def _gift_matching(q: Matching) -> list[str]:
    return [f"={_gift_markdown(left)} -> {_gift_answer_text(right)}" for left, right in _pairs(q)]


@handler("gift", "ordering")
def _gift_ordering(q: Ordering) -> list[str]:  # the items are plain text in the course
    return [f"={_gift_answer_text(left)} -> {_gift_answer_text(right)}" for left, right in _pairs(q)]


@handler("gift", "numeric")
def _gift_numeric(q: Numeric) -> list[str]:
    return [f"={format_number(q.answer)}:{format_number(q.tolerance)}"]


@handler("gift", "short-text")
def _gift_short_text(q: ShortText) -> list[str]:
    return [f"={_gift_answer_text(a)}" for a in q.accept if a.strip()]


def to_gift(banks: dict[str, QuizBank]) -> str:
    """All banks as one GIFT file: a $CATEGORY per chapter, then its questions."""
    out = ["// The UN and Cybersecurity: quiz banks exported for Moodle (GIFT format).",
           "// Generated by `python -m coursekit export`; edit the banks in quizzes/, not this file.", ""]
    for slug, bank in banks.items():
        out += [f"$CATEGORY: un-cyber-course/{slug}", ""]
        for q in bank.questions:
            answers = _gift_answers(q)
            general = f"####{_MARKDOWN}{gift_escape(q.explanation)}"
            head = f"::{q.id}::{_MARKDOWN}{gift_escape(q.prompt)} {{"
            if isinstance(q, TrueFalse):  # the answer and its feedback stay on one line
                out.append(f"{head}{answers[0]}{general}}}")
            else:  # a numeric answer block opens with "#"
                out.append(head + ("#" if isinstance(q, Numeric) else "") + "\n" + "\n".join(answers) + f"\n{general}\n}}")
            out.append("")
    return "\n".join(out)


# -- QTI 1.2 (Canvas) ---------------------------------------------------------------------

_QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
# Canvas's name for each of the course's types (ordering is exported as matching).
QTI_TYPES = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
             "true-false": "true_false_question", "matching": "matching_question", "ordering": "matching_question",
             "numeric": "numerical_question", "short-text": "short_answer_question"}


def qti_type(q) -> str:
    return QTI_TYPES[q.type]


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _material(parent: ET.Element, text: str, html: bool = False) -> None:
    # str(): ElementTree escapes with str.replace, which on Markup escapes its argument too,
    # so a Markup text would reach Canvas escaped twice (&amp;amp;).
    _sub(_sub(parent, "material"), "mattext", str(md_block(text)) if html else text, texttype="text/html" if html else "text/plain")


def _choices(q) -> list[tuple[str, str]]:
    """(response ident, text) of the choices of a single/multiple/true-false question."""
    if isinstance(q, TrueFalse):
        return [("true", "True"), ("false", "False")]
    return [(o.id, o.text) for o in q.options]


def _condition(resprocessing: ET.Element, score: str, action: str = "Set", continue_: str = "No") -> ET.Element:
    cond = _sub(resprocessing, "respcondition", continue_=continue_)
    var = _sub(cond, "conditionvar")
    _sub(cond, "setvar", score, action=action, varname="SCORE")
    return var


def _qti_item(section: ET.Element, q) -> None:
    item = _sub(section, "item", ident=q.id, title=q.id)
    meta = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", qti_type(q)), ("points_possible", "1"), ("original_answer_ids", q.id)):
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)
    presentation = _sub(item, "presentation")
    _material(presentation, q.prompt, html=True)
    processing = _sub(item, "resprocessing")
    _sub(_sub(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")

    dispatch("qti", q, presentation, processing)
    feedback = _sub(item, "itemfeedback", ident="general_fb")
    _material(_sub(feedback, "flow_mat"), q.explanation, html=True)


@handler("qti", "single", "multiple", "true-false")
def _qti_choice(q, presentation: ET.Element, processing: ET.Element) -> None:
    multiple = isinstance(q, MultipleChoice)
    lid = _sub(presentation, "response_lid", ident="response1", rcardinality="Multiple" if multiple else "Single")
    render = _sub(lid, "render_choice")
    for ident, text in _choices(q):
        _material(_sub(render, "response_label", ident=ident), text)
    if isinstance(q, TrueFalse):
        correct = ["true" if q.answer else "false"]
    else:
        correct = list(q.answer) if multiple else [q.correct]
    var = _condition(processing, "100")
    if multiple:
        conjunction = _sub(var, "and")
        for ident, _ in _choices(q):
            target = conjunction if ident in correct else _sub(conjunction, "not")
            _sub(target, "varequal", ident, respident="response1")
    else:
        _sub(var, "varequal", correct[0], respident="response1")


@handler("qti", "matching", "ordering")
def _qti_pairs(q: Matching | Ordering, presentation: ET.Element, processing: ET.Element) -> None:
    pairs = _pairs(q)
    # Canvas offers every answer to every item; a matching question's choices include its distractors.
    answers = q.choices if isinstance(q, Matching) else [r for _, r in pairs]
    idents = {text: f"answer_{n}" for n, text in enumerate(answers, 1)}
    share = _weight(100 / len(pairs))
    for n, (left, right) in enumerate(pairs, 1):
        lid = _sub(presentation, "response_lid", ident=f"response_{n}")
        _material(lid, left)
        render = _sub(lid, "render_choice")
        for text, ident in idents.items():
            _material(_sub(render, "response_label", ident=ident), text)
        var = _condition(processing, share, action="Add", continue_="Yes")
        _sub(var, "varequal", idents[right], respident=f"response_{n}")


@handler("qti", "numeric")
def _qti_numeric(q: Numeric, presentation: ET.Element, processing: ET.Element) -> None:
    _sub(_sub(presentation, "response_str", ident="response1", rcardinality="Single"), "render_fib", fibtype="Decimal")
    var = _condition(processing, "100")
    # Rounded to 9 places: 23.8 - 0.15 is 23.650000000000002 in binary, 23.65 to an LMS.
    _sub(var, "vargte", format_number(round(q.answer - q.tolerance, 9)), respident="response1")
    _sub(var, "varlte", format_number(round(q.answer + q.tolerance, 9)), respident="response1")


@handler("qti", "short-text")
def _qti_short_text(q: ShortText, presentation: ET.Element, processing: ET.Element) -> None:
    _sub(_sub(presentation, "response_str", ident="response1", rcardinality="Single"), "render_fib", fibtype="String")
    var = _condition(processing, "100")
    for accepted in q.accept:
        _sub(var, "varequal", accepted, respident="response1")


def qti_assessment(bank: QuizBank) -> bytes:
    root = ET.Element("questestinterop", xmlns=_QTI_NS)
    assessment = _sub(root, "assessment", ident=bank.chapter, title=bank.title)
    section = _sub(assessment, "section", ident="root_section")
    for q in bank.questions:
        _qti_item(section, q)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def qti_manifest(banks: dict[str, QuizBank]) -> bytes:
    root = ET.Element("manifest", identifier="un-cyber-course-quizzes", xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    for slug in banks:
        resource = _sub(resources, "resource", identifier=slug, type="imsqti_xmlv1p2", href=f"{slug}/{slug}.xml")
        _sub(resource, "file", href=f"{slug}/{slug}.xml")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def to_qti_zip(banks: dict[str, QuizBank]) -> bytes:
    """A QTI 1.2 package (zip) with one assessment per bank, as Canvas imports it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("imsmanifest.xml", qti_manifest(banks))
        for slug, bank in banks.items():
            package.writestr(f"{slug}/{slug}.xml", qti_assessment(bank))
    return buffer.getvalue()


# -- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = ("chapter", "group", "id", "type", "objectives", "prompt", "choices", "answer", "explanation", "sources")


@handler("csv_choices", "single", "multiple")
def _csv_options(q) -> list[str]:
    return [o.text for o in q.options]


@handler("csv_choices", "matching")
def _csv_matching(q: Matching) -> list[str]:
    return [p.left for p in q.pairs] + q.choices


@handler("csv_choices", "ordering")
def _csv_ordering(q: Ordering) -> list[str]:
    return list(q.items)


@handler("csv_choices", "true-false", "numeric", "short-text")
def _csv_no_choices(q) -> list[str]:
    return []  # nothing to choose from: the answer column says it all


def to_csv(banks: dict[str, QuizBank]) -> str:
    """One row per question; lists are joined with " | ". Quoting is the csv module's."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for slug, bank in banks.items():
        group_of = {qid: name for name, ids in bank.groups.items() for qid in ids}
        for q in bank.questions:
            writer.writerow([slug, group_of.get(q.id, ""), q.id, q.type, " | ".join(q.objectives), q.prompt.strip(),
                             " | ".join(dispatch("csv_choices", q)), answer_text(q), q.explanation.strip(), " | ".join(q.sources)])
    return buffer.getvalue()


def all_exports(banks: dict[str, QuizBank]) -> dict[str, bytes]:
    """Every export file by name, made in memory (a bad bank never leaves half of them written)."""
    return {"quizzes.gift": to_gift(banks).encode("utf-8"), "quizzes-canvas-qti.zip": to_qti_zip(banks),
            "quizzes.csv": to_csv(banks).encode("utf-8")}
