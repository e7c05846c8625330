"""The sample quiz answered in Chromium with the keyboard only (Tab, Space, Enter, arrows, typing).

The test reads the page (which option is where after shuffling, which variant was drawn) but acts
only through key presses. Expected answers come from the quiz file, computed by hand below; the
texts of the options it picks are read from the quiz file (as the page shows them, with the site's
French typography), so rewording the sample quiz does not break the test.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from hvlab.quiz.grading import grade_quiz
from hvlab.quiz.loader import load_quiz
from hvlab.quiz.model import Quiz
from hvlab.quiz.results import results_from_dict
from hvlab.quiz.variants import draw_params
from hvlab.quiz.view import quiz_secret, view_question_id
from hvlab.site.typography import french
from tests.browser.conftest import open_page
from tests.conftest import ROOT, ServedSite

PAGE = "guide/exemple-quiz/"
QUIZ_ID = "exemple-tous-types"
#: 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 2 + 1 + 1 points (apports and types-produits are worth 2).
TOTAL = 14
NBSP = "\u00a0"
_SECRET = quiz_secret(load_quiz(ROOT / "quizzes" / f"{QUIZ_ID}.yaml"))


def q(question_id: str) -> str:
    """The selector of a question: the page names it by its opaque view id."""
    return f'[data-question="{view_question_id(question_id, _SECRET)}"]'


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    return load_quiz(ROOT / "quizzes" / f"{QUIZ_ID}.yaml")


def _right_options(quiz: Quiz, question_id: str) -> list[str]:
    """The right options of a choice question, as the page shows them (French typography)."""
    return [french(option.text) for option in quiz.question(question_id).options if option.correct]


def _wrong_options(quiz: Quiz, question_id: str) -> list[str]:
    """The wrong options of a choice question, as the page shows them."""
    options = quiz.question(question_id).options
    return [french(option.text) for option in options if not option.correct]


def _apports_is_three_right_two_wrong(quiz: Quiz) -> None:
    """The scores below are computed by hand for « apports »: 2 points, 3 right, 2 wrong options."""
    question = quiz.question("apports")
    right, wrong = _right_options(quiz, "apports"), _wrong_options(quiz, "apports")
    assert (question.points, len(right), len(wrong)) == (2, 3, 2), "recompute the expected scores"


def _open(page: Any, site: ServedSite) -> Any:
    open_page(page, site, PAGE)
    page.locator(".hvlab-quiz[data-hvlab-mounted] fieldset.hvlab-q").first.wait_for()
    return page


def _focused(page: Any, predicate: str) -> bool:
    return bool(
        page.evaluate(f"() => {{ const el = document.activeElement; return !!({predicate}); }}")
    )


def tab_to(page: Any, predicate: str, *, limit: int = 400) -> None:
    """Press Tab until the focused element satisfies the JS ``predicate`` (over ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused(page, predicate):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def _in(question_id: str, selector: str) -> str:
    return f"el.closest({json.dumps(q(question_id))}) && el.matches({json.dumps(selector)})"


def _labels(page: Any, question_id: str) -> list[str]:
    return list(page.locator(f"{q(question_id)} .hvlab-q__option label").all_inner_texts())


def choose_radio(page: Any, question_id: str, label: str) -> None:
    """Tab into the radio group, then Space (first option) or arrows down to ``label``."""
    labels = _labels(page, question_id)
    target = labels.index(label)
    tab_to(page, _in(question_id, "input[type=radio]"))
    if target == 0:
        page.keyboard.press("Space")
    for _ in range(target):
        page.keyboard.press("ArrowDown")


def check_boxes(page: Any, question_id: str, labels: list[str]) -> None:
    """Tab from box to box, pressing Space on the wanted ones."""
    shown = _labels(page, question_id)
    wanted = {shown.index(label) for label in labels}
    for position in range(len(shown)):
        tab_to(page, _in(question_id, "input[type=checkbox]"))
        if position in wanted:
            page.keyboard.press("Space")


def type_answer(page: Any, question_id: str, text: str) -> None:
    tab_to(page, _in(question_id, "input[type=text]"))
    page.keyboard.type(text)


def validate(page: Any, question_id: str) -> None:
    tab_to(page, _in(question_id, "button.hvlab-q__validate"))
    page.keyboard.press("Enter")
    page.locator(f"{q(question_id)} .hvlab-q__feedback").wait_for()


def match_pairs(page: Any, question_id: str, pairs: dict[str, str]) -> None:
    """For each select (display order), arrow down to the wanted right-hand text."""
    rows = page.locator(f"{q(question_id)} .hvlab-q__pair")
    for i in range(rows.count()):
        left = rows.nth(i).locator("label").inner_text()
        options = rows.nth(i).locator("option").all_inner_texts()
        tab_to(page, _in(question_id, "select"))
        for _ in range(options.index(pairs[left])):
            page.keyboard.press("ArrowDown")


def order_items(page: Any, question_id: str, right_order: list[str]) -> None:
    """Selection sort with the « Monter » buttons; focus must stay on the moved item."""
    items = f"{q(question_id)} .hvlab-q__item-text"
    for position, text in enumerate(right_order):
        current = page.locator(items).all_inner_texts()
        index = current.index(text)
        if index == position:
            continue
        quoted = json.dumps(f"«{NBSP}{text}{NBSP}»")
        tab_to(page, f"el.getAttribute('aria-label') === {json.dumps('Monter ')} + {quoted}")
        for _ in range(index - position):
            page.keyboard.press("Space")
        # The focus followed the item (on « Descendre » once it reached the top).
        assert _focused(page, f"el.getAttribute('aria-label')?.endsWith({quoted})")
    assert page.locator(items).all_inner_texts() == right_order


def _seed(page: Any, question_id: str) -> int:
    return int(page.locator(f"{q(question_id)}").get_attribute("data-seed"))


def _french(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def answer_everything_right(page: Any, quiz: Quiz) -> dict[str, Any]:
    """Answer and validate every question of the sample quiz; return the seeds seen."""
    choose_radio(page, "type-esxi", "Type 1 (natif, bare metal)")
    validate(page, "type-esxi")
    check_boxes(page, "apports", _right_options(quiz, "apports"))
    validate(page, "apports")
    choose_radio(page, "type2-sans-hote", "Faux")
    validate(page, "type2-sans-hote")
    type_answer(page, "utilisation-avant", "7,5 %")
    validate(page, "utilisation-avant")
    type_answer(page, "memoire-hotes", "24\u00a0000 Mo")  # 24 000 Mo = 24 Go
    validate(page, "memoire-hotes")
    # hosts = ceil(servers × util / 0.8), with the variant drawn for this student.
    seeds = {"hotes-necessaires": _seed(page, "hotes-necessaires")}
    params = draw_params(quiz.question("hotes-necessaires"), seeds["hotes-necessaires"])
    hosts = math.ceil(params["servers"] * params["util"] / 0.8)
    type_answer(page, "hotes-necessaires", str(hosts))
    page.keyboard.press("Enter")  # Enter in the field validates too
    page.locator(q("hotes-necessaires") + " .hvlab-q__feedback").wait_for()
    # P = 0.7 × peak + 0.3 × peak × util (linear between idle and peak).
    seeds["puissance-lineaire"] = _seed(page, "puissance-lineaire")
    params = draw_params(quiz.question("puissance-lineaire"), seeds["puissance-lineaire"])
    power_w = 0.7 * params["peak"] + 0.3 * params["peak"] * params["util"]
    type_answer(page, "puissance-lineaire", _french(power_w, 1) + " W")
    validate(page, "puissance-lineaire")
    type_answer(page, "migration-a-chaud", "  VMOTION ")
    validate(page, "migration-a-chaud")
    type_answer(page, "synonyme-hyperviseur", "virtual machine monitor")
    validate(page, "synonyme-hyperviseur")
    match_pairs(
        page,
        "types-produits",
        {
            "VMware ESXi": "Type 1",
            "Microsoft Hyper-V": "Type 1",
            "Oracle VirtualBox": "Type 2",
            "VMware Workstation": "Type 2",
        },
    )
    validate(page, "types-produits")
    order_items(page, "deploiement-avant", list(quiz.question("deploiement-avant").items))
    validate(page, "deploiement-avant")
    order_items(page, "couches-esxi", list(quiz.question("couches-esxi").items))
    validate(page, "couches-esxi")
    return seeds


def test_quiz_answered_with_keyboard_only_scores_full_marks(
    page: Any, served_site: ServedSite, quiz: Quiz
) -> None:
    _open(page, served_site)
    answer_everything_right(page, quiz)
    assert page.locator(".hvlab-quiz__score").inner_text() == f"Score\u00a0: {TOTAL} / {TOTAL}"
    verdicts = page.locator(".hvlab-q__verdict strong").all_inner_texts()
    assert verdicts == ["Bonne réponse\u00a0!"] * len(quiz.questions)
    live = page.locator(".hvlab-quiz [aria-live=polite].hvlab-quiz__live")
    expect(live).to_have_text(
        re.compile(f"Bonne réponse\u00a0! .* Score\u00a0: {TOTAL} / {TOTAL}\\.$")
    )
    assert "12 questions validées sur 12" in page.locator(".hvlab-quiz__progress").inner_text()


def test_quiz_answers_survive_a_reload(page: Any, served_site: ServedSite, quiz: Quiz) -> None:
    _open(page, served_site)
    wrong = _wrong_options(quiz, "apports")[-1]
    choose_radio(page, "type2-sans-hote", "Faux")
    validate(page, "type2-sans-hote")
    type_answer(page, "utilisation-avant", "9")  # typed, not validated
    check_boxes(page, "apports", [wrong])
    page.reload(wait_until="load")
    page.locator(".hvlab-quiz[data-hvlab-mounted] fieldset.hvlab-q").first.wait_for()
    assert page.locator(".hvlab-quiz__score").inner_text() == f"Score\u00a0: 1 / {TOTAL}"
    kept = page.locator(q("type2-sans-hote"))
    assert kept.get_by_label("Faux").is_checked() and kept.get_by_label("Faux").is_disabled()
    assert kept.locator(".hvlab-q__verdict").inner_text().startswith("Bonne réponse\u00a0!")
    assert page.locator(q("utilisation-avant") + " input").input_value() == "9"
    assert page.get_by_label(wrong, exact=True).is_checked()


def test_quiz_wrong_answer_shows_option_feedback_and_explanation(
    page: Any, served_site: ServedSite
) -> None:
    _open(page, served_site)
    choose_radio(page, "type-esxi", "Type 2 (hébergé)")
    validate(page, "type-esxi")
    question = page.locator(q("type-esxi"))
    chosen = question.locator(".hvlab-q__option", has_text="Type 2 (hébergé)")
    assert "✗ Mauvaise réponse" in chosen.inner_text()
    assert "s'exécute comme une application sur un système hôte" in chosen.inner_text()
    right = question.locator(".hvlab-q__option", has_text="Type 1")
    assert "La bonne réponse" in right.inner_text()
    assert question.locator(".hvlab-q__verdict").inner_text().startswith("Réponse fausse.")
    assert "ESXi, Hyper-V et Xen" in question.locator(".hvlab-q__explanation").inner_text()
    assert page.locator(".hvlab-quiz__score").inner_text() == f"Score\u00a0: 0 / {TOTAL}"


def test_quiz_partial_multiple_choice_uses_the_penalty_formula(
    page: Any, served_site: ServedSite, quiz: Quiz
) -> None:
    _apports_is_three_right_two_wrong(quiz)
    _open(page, served_site)
    # 2 right of 3, 1 wrong of 2: 2 × max(0, 2/3 − 1/2) = 1/3 ≈ 0,33.
    right = _right_options(quiz, "apports")
    wrong = [o for o in quiz.question("apports").options if not o.correct and o.feedback][-1]
    check_boxes(page, "apports", [right[0], right[2], french(wrong.text)])
    validate(page, "apports")
    assert page.locator(".hvlab-quiz__score").inner_text() == f"Score\u00a0: 0,33 / {TOTAL}"
    question = page.locator(q("apports"))
    assert "Il fallait cocher cette réponse" in question.inner_text()
    assert french(wrong.feedback) in question.inner_text()


def test_quiz_hint_costs_its_penalty(page: Any, served_site: ServedSite, quiz: Quiz) -> None:
    _apports_is_three_right_two_wrong(quiz)
    _open(page, served_site)
    tab_to(page, _in("apports", "button.hvlab-q__hint"))
    page.keyboard.press("Enter")
    hint = page.locator(q("apports") + " .hvlab-q__hint-text")
    assert french(quiz.question("apports").hints[0]) in hint.inner_text()
    assert page.locator(q("apports") + " button.hvlab-q__hint").is_disabled()
    check_boxes(page, "apports", _right_options(quiz, "apports"))
    validate(page, "apports")
    # 2 points × (1 − 1 hint × 0.2) = 1.6.
    assert page.locator(".hvlab-quiz__score").inner_text() == f"Score\u00a0: 1,6 / {TOTAL}"
    assert "1 indice utilisé" in page.locator(q("apports") + " .hvlab-q__verdict").inner_text()


def test_quiz_results_file_follows_the_contract_and_python_agrees(
    page: Any, served_site: ServedSite, quiz: Quiz, tmp_path: Path
) -> None:
    _open(page, served_site)
    seeds = answer_everything_right(page, quiz)
    tab_to(page, "el.matches('input.hvlab-quiz__student')")
    page.keyboard.type("Camille Dupré")
    tab_to(page, "el.matches('button.hvlab-quiz__download')")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == f"resultats-{QUIZ_ID}-camille-dupre.json"
    path = tmp_path / "resultats.json"
    download.save_as(path)
    results = json.loads(path.read_text(encoding="utf-8"))

    assert set(results) == {
        "format", "version", "quiz", "title", "student", "date", "score", "max", "questions"
    }  # fmt: skip
    assert results["format"] == "hvlab-quiz-results" and results["version"] == 1
    assert results["quiz"] == QUIZ_ID and results["title"] == quiz.title
    assert results["student"] == "Camille Dupré"
    assert datetime.fromisoformat(results["date"].replace("Z", "+00:00")).tzinfo is not None
    assert (results["score"], results["max"]) == (TOTAL, TOTAL)
    assert [q["id"] for q in results["questions"]] == [q.id for q in quiz.questions]
    by_id = {q["id"]: q for q in results["questions"]}
    for entry in results["questions"]:
        assert set(entry) == {"id", "score", "max", "correct", "response", "seed", "hints_used"}
        assert entry["correct"] is True and entry["hints_used"] == 0
    # Responses in the grading contract: source-order indexes, bool, typed text, mappings, lists.
    assert by_id["type-esxi"]["response"] == 0
    assert by_id["apports"]["response"] == list(quiz.question("apports").correct_indexes)
    assert by_id["type2-sans-hote"]["response"] is False
    assert by_id["utilisation-avant"]["response"] == "7,5 %"
    assert by_id["types-produits"]["response"]["Oracle VirtualBox"] == "Type 2"
    assert by_id["couches-esxi"]["response"] == list(quiz.question("couches-esxi").items)
    assert by_id["type-esxi"]["seed"] is None
    for question_id, seed in seeds.items():
        assert by_id[question_id]["seed"] == seed
        assert by_id[question_id]["response"]["seed"] == seed
    # hvlab quiz report reads it; the Python grader gives the same marks to its responses.
    read = results_from_dict(results, file=str(path))
    assert (read.student, read.score, len(read.questions)) == ("Camille Dupré", TOTAL, 12)
    python = grade_quiz(quiz, {q["id"]: q["response"] for q in results["questions"]})
    assert python.score == results["score"]
    assert [q.score for q in python.questions] == [q["score"] for q in results["questions"]]


def test_quiz_restart_clears_answers_and_draws_new_variants(
    page: Any, served_site: ServedSite
) -> None:
    _open(page, served_site)
    before = _seed(page, "hotes-necessaires")
    choose_radio(page, "type2-sans-hote", "Faux")
    validate(page, "type2-sans-hote")
    tab_to(page, "el.matches('button.hvlab-quiz__restart')")
    # A confirmation first: Escape cancels and gives the focus back.
    page.keyboard.press("Space")
    assert _focused(page, "el.textContent === 'Oui, tout effacer'")
    page.keyboard.press("Escape")
    assert _focused(page, "el.matches('button.hvlab-quiz__restart')")
    assert page.locator(".hvlab-quiz__score").inner_text() == f"Score\u00a0: 1 / {TOTAL}"
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    assert page.locator(".hvlab-quiz__score").inner_text() == f"Score\u00a0: 0 / {TOTAL}"
    assert page.locator(".hvlab-q__feedback:visible").count() == 0
    assert not page.get_by_label("Faux").is_checked()
    assert _seed(page, "hotes-necessaires") != before
    assert _focused(page, "el.closest('.hvlab-q')"), "focus goes back to the first question"
    page.reload(wait_until="load")
    page.locator(".hvlab-quiz[data-hvlab-mounted] fieldset.hvlab-q").first.wait_for()
    assert page.locator(".hvlab-quiz__score").inner_text() == f"Score\u00a0: 0 / {TOTAL}"


def test_quiz_ordering_left_unmoved_asks_before_validating(
    page: Any, served_site: ServedSite
) -> None:
    """Issue 16: « Valider » with nothing moved asks first (the starting order is never right)."""
    _open(page, served_site)
    question = page.locator(q("couches-esxi"))
    help_text = question.locator(".hvlab-q__help").inner_text()
    assert "Tab" in help_text and "Entrée ou Espace" in help_text
    tab_to(page, _in("couches-esxi", "button.hvlab-q__validate"))
    page.keyboard.press("Enter")
    confirm = question.locator(".hvlab-q__confirm")
    expect(confirm).to_be_visible()
    assert "aucun élément" in confirm.inner_text()
    assert _focused(page, "el.textContent === 'Valider quand même'")
    assert question.locator(".hvlab-q__feedback:visible").count() == 0
    # Escape: nothing validated, the focus back on the items to move them.
    page.keyboard.press("Escape")
    expect(confirm).to_be_hidden()
    assert _focused(page, "el.matches('button.hvlab-q__move')")
    assert page.locator(".hvlab-quiz__progress").inner_text().startswith("0 question")
    # Moving an item, then « Valider », grades at once.
    page.keyboard.press("Space")
    validate(page, "couches-esxi")
    assert question.locator(".hvlab-q__verdict").count() == 1
    # On another question, confirming validates the order as shown.
    other = page.locator(q("deploiement-avant"))
    other.get_by_role("button", name="Valider").click()
    other.get_by_role("button", name="Valider quand même").click()
    expect(other.locator(".hvlab-q__verdict")).to_contain_text("Réponse")
    assert "2 questions validées" in page.locator(".hvlab-quiz__progress").inner_text()
