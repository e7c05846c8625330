"""The sample quiz page: no answers in its source, accessible markup, instant navigation."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest

from hvlab.quiz.compile import compile_quiz
from hvlab.quiz.loader import load_quiz, quiz_from_dict
from hvlab.quiz.model import Quiz
from hvlab.quiz.view import quiz_secret, view_question_id
from tests.browser.conftest import open_page
from tests.conftest import ROOT, ServedSite

PAGE = "guide/exemple-quiz/"
QUIZ = load_quiz(ROOT / "quizzes" / "exemple-tous-types.yaml")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def q(question_id: str, quiz: Quiz = QUIZ) -> str:
    """The selector of a question: the page names it by its opaque view id."""
    return f'[data-question="{view_question_id(question_id, quiz_secret(quiz))}"]'


def _open(page: Any, site: ServedSite) -> Any:
    open_page(page, site, PAGE)
    page.locator(".hvlab-quiz[data-hvlab-mounted] fieldset.hvlab-q").first.wait_for()
    return page


def _page_source(site: ServedSite) -> str:
    """The built page, raw and with its entities decoded (the quiz rides in an attribute)."""
    raw = (site.directory / "guide" / "exemple-quiz" / "index.html").read_text(encoding="utf-8")
    return raw + "\n" + unescape(raw)


def test_quiz_page_source_has_no_answer_and_no_yaml(served_site: ServedSite) -> None:
    source = _page_source(served_site)
    assert 'data-hvlab-quiz="{&quot;format&quot;:' in source
    # No grading field in clear, whether JSON or YAML.
    for marker in ('"correct"', "correct: true", '"accept"', "accept:", '"answer"', "answer:"):
        assert marker not in source, marker
    for marker in ("tolerance:", "type: single", "questions:", "shuffle_options:", "pairs:"):
        assert marker not in source, marker
    # Accepted text answers that no prompt gives away (the site's navigation, outside the
    # article, may name them: it is not part of the quiz).
    article = source[source.index("<article") : source.index("</article>")]
    for accepted in ("vMotion", "VMM", "Virtual Machine Monitor"):
        assert accepted not in article, accepted
    # Per-option feedback (which tells right from wrong) and explanations stay encoded.
    for question in QUIZ.questions:
        for option in question.options:
            if option.feedback:
                assert option.feedback[:40] not in source, option.feedback
    assert "ESXi, Hyper-V et" not in source
    # Ordering items are shown, but not in the right order.
    items = QUIZ.question("couches-esxi").items
    in_page = sorted(items, key=lambda item: source.index(item.split(" (")[0]))
    assert in_page != list(items)


def test_quiz_markup_is_native_and_labelled(page: Any, served_site: ServedSite) -> None:
    _open(page, served_site)
    fieldsets = page.locator(".hvlab-quiz fieldset.hvlab-q")
    assert fieldsets.count() == len(QUIZ.questions)
    for i in range(fieldsets.count()):
        legend = fieldsets.nth(i).locator(":scope > legend")
        assert legend.count() == 1 and legend.inner_text().startswith("Question ")
    assert page.locator(q("type-esxi") + " input[type=radio]").count() == 3
    assert page.locator(q("apports") + " input[type=checkbox]").count() == 5
    numeric = page.locator(q("utilisation-avant") + " input[type=text]")
    assert numeric.get_attribute("inputmode") == "decimal"
    assert page.get_by_label("Votre réponse (un nombre, en %)").count() == 1
    assert page.locator(q("types-produits") + " select").count() == 4
    assert page.get_by_label("VMware ESXi").evaluate("el => el.tagName") == "SELECT"
    ordering = page.locator(q("couches-esxi"))
    assert ordering.get_by_role("button", name=re.compile(r"^Monter «\s")).count() == 4
    assert ordering.get_by_role("button", name=re.compile(r"^Descendre «\s")).count() == 4
    assert page.get_by_role("button", name="Valider", exact=True).count() == len(QUIZ.questions)
    hinted = sum(1 for q in QUIZ.questions if q.hints)
    assert page.get_by_role("button", name="Indice", exact=True).count() == hinted
    assert page.get_by_role("button", name="Recommencer", exact=True).count() == 1
    assert page.get_by_role("button", name="Télécharger mes résultats", exact=True).count() == 1
    assert page.locator(".hvlab-quiz__live").get_attribute("aria-live") == "polite"
    assert page.locator(".hvlab-quiz__score").inner_text() == "Score\u00a0: 0 / 14"


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_quiz_has_no_axe_violation(page: Any, served_site: ServedSite, scheme: str) -> None:
    _open(page, served_site)
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    # Some validated questions too, so that feedback colours are checked.
    page.get_by_label("Type 2 (hébergé)").check()
    page.locator(q("type-esxi")).get_by_role("button", name="Valider").click()
    page.get_by_label("Faux").check()
    page.locator(q("type2-sans-hote")).get_by_role("button", name="Valider").click()
    page.locator(q("apports")).get_by_role("button", name="Indice").click()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
          const r = await axe.run(document.querySelector('.hvlab-quiz'),
            {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']});
          return r.violations.map(
            v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }"""
    )
    assert result == []


def test_quiz_focus_is_visible(page: Any, served_site: ServedSite) -> None:
    _open(page, served_site)
    page.locator(q("type-esxi") + " input").first.focus()
    page.keyboard.press("ArrowDown")
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert style[0] != "none" and style[1] >= 2


@pytest.mark.parametrize(("motion", "animated"), [("reduce", False), ("no-preference", True)])
def test_quiz_animates_only_without_reduced_motion(
    page: Any, served_site: ServedSite, motion: str, animated: bool
) -> None:
    page.emulate_media(reduced_motion=motion)
    _open(page, served_site)
    page.get_by_label("Faux").check()
    page.locator(q("type2-sans-hote")).get_by_role("button", name="Valider").click()
    animation = page.locator(q("type2-sans-hote") + " .hvlab-q__feedback").evaluate(
        "el => getComputedStyle(el).animationName"
    )
    assert (animation != "none") is animated


def test_quiz_mounts_once_after_instant_navigation(page: Any, served_site: ServedSite) -> None:
    open_page(page, served_site, "guide/")
    page.evaluate("window.__hvlabMarker = 7")
    page.locator(".md-nav__link", has_text="Exemple de quiz").first.click()
    page.wait_for_url(f"**/{PAGE}")
    page.locator(".hvlab-quiz[data-hvlab-mounted] fieldset.hvlab-q").first.wait_for()
    assert page.evaluate("window.__hvlabMarker") == 7, "the page was fully reloaded"
    assert page.locator(".hvlab-quiz__body").count() == 1
    page.get_by_label("Faux").check()
    page.locator(q("type2-sans-hote")).get_by_role("button", name="Valider").click()
    # Away and back, still without reloading: one quiz, answers kept.
    page.locator(".md-nav__link", has_text="Guide de l'enseignant").first.click()
    page.wait_for_url("**/guide/")
    page.go_back()
    page.wait_for_url(f"**/{PAGE}")
    page.locator(".hvlab-quiz[data-hvlab-mounted] fieldset.hvlab-q").first.wait_for()
    assert page.evaluate("window.__hvlabMarker") == 7
    page.evaluate("window.hvlabQuiz.mountAll()")
    assert page.locator(".hvlab-quiz__body").count() == 1
    assert page.locator(".hvlab-quiz__score").inner_text() == "Score\u00a0: 1 / 14"
    assert page.get_by_label("Faux").is_checked()


def test_every_page_with_a_quiz_mounts_it_without_error(page: Any, served_site: ServedSite) -> None:
    pages = sorted(
        path.parent.relative_to(served_site.directory).as_posix()
        for path in served_site.directory.rglob("index.html")
        if "data-hvlab-quiz=" in path.read_text(encoding="utf-8")
    )
    assert "guide/exemple-quiz" in pages
    for path in pages:
        open_page(page, served_site, path + "/")
        quizzes = page.locator(".hvlab-quiz")
        page.locator(".hvlab-quiz[data-hvlab-mounted] fieldset.hvlab-q").first.wait_for()
        for i in range(quizzes.count()):
            assert quizzes.nth(i).locator("fieldset.hvlab-q").count() >= 1, path
            assert (
                quizzes.nth(i)
                .locator(".hvlab-quiz__score")
                .inner_text()
                .startswith("Score\u00a0: 0 / ")
            )


def _inject(page: Any, quiz_data: dict[str, Any]) -> Any:
    """Mount a compiled quiz in the current page, as the fence would have written it."""
    compiled = compile_quiz(quiz_from_dict(quiz_data))
    page.evaluate(
        """(data) => {
          const div = document.createElement('div');
          div.className = 'hvlab-quiz';
          div.setAttribute('data-hvlab-quiz', JSON.stringify(data));
          document.querySelector('article').appendChild(div);
          window.hvlabQuiz.mountAll();
        }""",
        compiled,
    )
    first = q(quiz_data["questions"][0]["id"], quiz_from_dict(quiz_data))
    return page.locator(f".hvlab-quiz:has({first})")


SHUFFLED: dict[str, Any] = {
    "id": "melange",
    "title": "Mélange",
    "shuffle": True,
    "questions": [
        {"id": f"q{i}", "type": "true_false", "prompt": f"Affirmation {i}.", "answer": i % 2 == 0}
        for i in range(8)
    ],
}


MELANGE = quiz_from_dict(SHUFFLED)


def test_quiz_shuffled_questions_keep_their_order_and_report_in_source_order(
    page: Any, served_site: ServedSite
) -> None:
    open_page(page, served_site, "guide/")
    quiz = _inject(page, SHUFFLED)
    shown = quiz.locator("fieldset.hvlab-q").evaluate_all("els => els.map(e => e.dataset.question)")
    view_ids = {view_question_id(f"q{i}", quiz_secret(MELANGE)): f"q{i}" for i in range(8)}
    assert sorted(view_ids[v] for v in shown) == [f"q{i}" for i in range(8)]
    legends = quiz.locator("fieldset.hvlab-q > legend .hvlab-q__number").all_inner_texts()
    assert legends == [f"Question {i}" for i in range(1, 9)], "numbered in display order"
    # Answer q3 (false is right) and q4 (true is right).
    quiz.locator(q("q3", MELANGE)).get_by_label("Faux").check()
    quiz.locator(q("q3", MELANGE)).get_by_role("button", name="Valider").click()
    quiz.locator(q("q4", MELANGE)).get_by_label("Vrai").check()
    quiz.locator(q("q4", MELANGE)).get_by_role("button", name="Valider").click()
    assert quiz.locator(".hvlab-quiz__score").inner_text() == "Score\u00a0: 2 / 8"
    results = quiz.evaluate("el => window.hvlabQuiz.resultsOf(el)")
    assert [q["id"] for q in results["questions"]] == [f"q{i}" for i in range(8)]
    assert [q["response"] for q in results["questions"][3:5]] == [False, True]
    assert results["questions"][0]["response"] is None and results["questions"][0]["score"] == 0
    # The order drawn for this student is kept across a reload.
    page.reload(wait_until="load")
    quiz = _inject(page, SHUFFLED)
    again = quiz.locator("fieldset.hvlab-q").evaluate_all("els => els.map(e => e.dataset.question)")
    assert again == shown
    assert quiz.locator(".hvlab-quiz__score").inner_text() == "Score\u00a0: 2 / 8"


def test_quiz_page_names_nothing_after_the_answer(page: Any, served_site: ServedSite) -> None:
    """The student's shortcut of issue 15: read the right option off its value or its id."""
    _open(page, served_site)
    fields = page.locator(".hvlab-quiz input[type=radio], .hvlab-quiz input[type=checkbox]")
    values = fields.evaluate_all("els => els.map(e => [e.value, e.id])")
    assert values and all(re.fullmatch(r"h[0-9a-f]{12}", value) for value, _id in values)
    assert all(not re.search(r"-o\d+$", id_) for _value, id_ in values)
    shown = page.locator("fieldset.hvlab-q").evaluate_all("els => els.map(e => e.dataset.question)")
    assert all(re.fullmatch(r"q[0-9a-f]{12}", v) for v in shown)
    assert not {question.id for question in QUIZ.questions} & set(shown)
