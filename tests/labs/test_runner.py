"""The lab runner: running student code, explaining errors, running checks (hvlab.labs.runner)."""

from __future__ import annotations

import json

from hvlab.labs.judge import check_namespace, run_checks
from hvlab.labs.runner import CheckReport, RunResult, run_code

CHECK_X = '''
def check_x(ns):
    """La valeur de x"""
    assert ns["x"] == 42, f"x vaut {ns['x']}, on attend 42."
'''


def test_run_code_captures_stdout_and_stderr() -> None:
    result = run_code("import sys\nprint('bonjour')\nprint('attention', file=sys.stderr)")
    assert result.ok
    assert result.stdout == "bonjour\n"
    assert result.stderr == "attention\n"
    assert result.error is None


def test_run_code_keeps_variables_in_the_given_namespace() -> None:
    namespace: dict[str, object] = {}
    run_code("x = 6 * 7", namespace=namespace)
    assert namespace["x"] == 42


def test_run_code_traceback_keeps_only_student_lines() -> None:
    code = "import json\n\ndef f(text):\n    return json.loads(text)\n\nf('{')\n"
    result = run_code(code)
    assert not result.ok and result.error is not None
    assert result.error.type == "JSONDecodeError"
    assert result.error.line == 4
    text = result.error.text
    assert text.startswith("Erreur ligne 4 : JSONDecodeError: ")
    assert "ligne 6 :" in text and "f('{')" in text
    assert "ligne 4, dans « f » :" in text and "return json.loads(text)" in text
    assert "json/decoder.py" not in text and "File " not in text


def test_run_code_name_error_has_french_header_and_hint() -> None:
    result = run_code("x = 1\ny = 2\n\nprint(placment)\n")
    assert result.error is not None
    assert result.error.text.splitlines()[0] == (
        "Erreur ligne 4 : NameError: name 'placment' is not defined"
    )
    assert "Piste : vérifiez l'orthographe" in result.error.text


def test_run_code_output_before_the_error_is_kept() -> None:
    result = run_code("print('avant')\n1 / 0\nprint('après')")
    assert result.stdout == "avant\n"
    assert result.error is not None and result.error.type == "ZeroDivisionError"
    assert result.error.line == 2


def test_run_code_syntax_error_shows_line_and_caret() -> None:
    result = run_code("x = 1\nif x == 1\n    print(x)\n")
    assert result.error is not None
    assert result.error.type == "SyntaxError"
    assert result.error.line == 2
    lines = result.error.text.splitlines()
    assert lines[0].startswith("Erreur de syntaxe ligne 2 : SyntaxError: ")
    assert lines[1] == "    if x == 1"
    assert lines[2].endswith("^")


def test_run_code_indentation_error_is_named() -> None:
    result = run_code("def f():\nreturn 1\n")
    assert result.error is not None
    assert result.error.text.startswith("Erreur d'indentation ligne 2")


def test_run_code_system_exit_ends_the_run_quietly() -> None:
    result = run_code("print('a')\nraise SystemExit(3)\nprint('b')")
    assert result.ok and result.stdout == "a\n"


def test_run_code_collects_show_payloads_in_order() -> None:
    code = (
        "from hvlab import show\n"
        "from hvlab.sim.display import MermaidDiagram, Table, VegaLiteChart\n"
        "show(Table(columns=('hôte', 'VM'), rows=(('esx1', 3),)), title='Placement')\n"
        "show(MermaidDiagram('flowchart LR\\n  a --> b'))\n"
        "show(VegaLiteChart(mark='bar', data={'values': [{'a': 1}]}))\n"
        "show(12)\n"
    )
    result = run_code(code)
    assert result.ok, result.error
    kinds = [d["type"] for d in result.displays]
    assert kinds == ["table", "mermaid", "vega-lite", "text"]
    assert result.displays[0] == {
        "type": "table",
        "data": {"columns": ["hôte", "VM"], "rows": [["esx1", 3]]},
        "title": "Placement",
    }
    assert result.displays[1]["data"] == "flowchart LR\n  a --> b"
    assert result.displays[2]["data"]["$schema"].endswith("vega-lite/v5.json")
    assert result.displays[3]["data"] == "12"
    assert result.stdout == ""


def test_run_code_restores_the_previous_display_hook() -> None:
    from hvlab.show import get_display_hook, set_display_hook

    seen: list[dict[str, object]] = []
    previous = set_display_hook(seen.append)
    try:
        run_code("from hvlab import show\nshow('dans le TP')")
        assert get_display_hook() == seen.append
    finally:
        set_display_hook(previous)
    assert seen == []


def test_run_result_round_trips_through_json() -> None:
    result = run_code("print('x')\nfrom hvlab import show\nshow('t')\n1/0")
    data = json.loads(json.dumps(result.to_dict()))
    assert RunResult.from_dict(data) == result


def test_run_checks_passes_when_every_check_passes() -> None:
    report = run_checks("x = 42", CHECK_X, step_id="etape")
    assert report.passed
    assert report.step_id == "etape"
    assert [(r.name, r.title, r.passed) for r in report.results] == [
        ("check_x", "La valeur de x", True)
    ]
    assert report.message == "Bravo : la vérification est réussie."


def test_run_checks_reports_the_french_message_of_a_failed_check() -> None:
    report = run_checks("x = 41", CHECK_X, step_id="etape")
    assert not report.passed
    assert report.results[0].message == "x vaut 41, on attend 42."
    assert report.message == "1 vérification sur 1 non réussie : lisez les messages."


def test_run_checks_missing_variable_message() -> None:
    report = run_checks("y = 42", CHECK_X, step_id="etape")
    assert report.results[0].message.startswith(
        "La variable « x » n'existe pas : avez-vous exécuté tout votre code"
    )


def test_run_checks_runs_checks_in_file_order_and_titles_them() -> None:
    checks = (
        "def check_zeta(ns):\n    pass\n\n"
        "def check_alpha(ns):\n    assert False\n\n"
        "def helper(ns):\n    raise RuntimeError\n\n"
        "def check_nombre_de_hotes(ns):\n    '''Nombre d'hôtes\n\n    Détails.'''\n"
    )
    report = run_checks("", checks, step_id="s")
    assert [r.name for r in report.results] == [
        "check_zeta",
        "check_alpha",
        "check_nombre_de_hotes",
    ]
    assert [r.title for r in report.results] == ["Zeta", "Alpha", "Nombre d'hôtes"]
    assert [r.passed for r in report.results] == [True, False, True]
    assert report.results[1].message == "La vérification « Alpha » n'est pas satisfaite."
    assert report.message == "1 vérification sur 3 non réussie : lisez les messages."


def test_run_checks_unexpected_error_in_a_check_is_explained() -> None:
    checks = "def check_hosts(ns):\n    assert ns['p'].hosts_used <= 2\n"
    report = run_checks("p = ...", checks, step_id="s")
    message = report.results[0].message
    assert message.startswith("La vérification a rencontré une erreur inattendue (AttributeError")
    assert "remplacez les « ... »" in message


def test_run_checks_student_error_stops_the_checks() -> None:
    report = run_checks("x = 42\nx.append(1)\n", CHECK_X, step_id="s")
    assert not report.passed
    assert report.results == ()
    assert report.message == (
        "Votre code s'est arrêté sur une erreur (ligne 2) : les vérifications n'ont pas été "
        "lancées. Corrigez l'erreur, puis vérifiez à nouveau."
    )
    assert report.run.error is not None and report.run.error.type == "AttributeError"


def test_run_checks_broken_checks_file_is_reported() -> None:
    report = run_checks("x = 1", "import nulle_part\n", step_id="s")
    assert not report.passed
    assert "n'ont pas pu être chargées (ModuleNotFoundError" in report.message


def test_run_checks_without_any_check_never_passes() -> None:
    report = run_checks("x = 1", "X = 1\n", step_id="s")
    assert not report.passed
    assert report.message.startswith("Cette étape n'a aucune vérification")


def test_run_checks_checks_cannot_add_student_variables() -> None:
    checks = (
        "def check_a(ns):\n    ns['intrus'] = 1\n\ndef check_b(ns):\n    assert 'intrus' in ns\n"
    )
    namespace: dict[str, object] = {"x": 1}
    report = check_namespace(namespace, checks, step_id="s")
    assert "intrus" not in namespace
    assert [r.passed for r in report.results] == [True, True]


def test_run_checks_output_of_checks_is_not_mixed_with_the_student_output() -> None:
    checks = "def check_a(ns):\n    print('bruit')\n"
    report = run_checks("print('élève')", checks, step_id="s")
    assert report.run.stdout == "élève\n"


def test_check_report_round_trips_through_json() -> None:
    report = run_checks("x = 41\nprint('hé')", CHECK_X, step_id="s")
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["passed_count"] == 0 and data["total"] == 1
    assert CheckReport.from_dict(data) == report


def test_check_report_to_text_lists_each_check() -> None:
    report = run_checks("x = 41", CHECK_X + "\ndef check_y(ns):\n    pass\n", step_id="s")
    assert report.to_text().splitlines() == [
        "1 vérification sur 2 non réussie : lisez les messages.",
        "  ✗ La valeur de x",
        "      x vaut 41, on attend 42.",
        "  ✓ Y",
    ]


def test_collect_checks_loads_a_checks_file_once() -> None:
    checks = "import itertools\n_COUNT = itertools.count()\nLOADS = next(_COUNT)\n\n" + (
        "def check_a(ns):\n    pass\n"
    )
    from hvlab.labs.judge import collect_checks

    first = collect_checks(checks)
    second = collect_checks(checks)
    assert first == second and first is not second
    assert first[0].__globals__["LOADS"] == 0
    assert [f.__name__ for f in collect_checks(checks + "\n# autre\n")] == ["check_a"]


def test_run_code_outputs_keep_prints_and_displays_in_order() -> None:
    code = (
        "import sys\nfrom hvlab import show\n"
        "print('a')\nprint('b')\nshow('tableau')\nprint('c', file=sys.stderr)\nprint('d')\n"
    )
    result = run_code(code)
    assert result.outputs == (
        {"type": "stdout", "text": "a\nb\n"},
        {"type": "display", "display": {"type": "text", "data": "tableau", "title": None}},
        {"type": "stderr", "text": "c\n"},
        {"type": "stdout", "text": "d\n"},
    )
    assert result.stdout == "a\nb\nd\n" and result.stderr == "c\n"


def test_run_code_truncates_a_flood_of_output() -> None:
    from hvlab.labs.runner import MAX_OUTPUT_CHARS

    result = run_code("for i in range(100_000):\n    print('0123456789')\nfin = True\n")
    assert result.ok
    assert len(result.stdout) < MAX_OUTPUT_CHARS + 100
    assert result.stdout.startswith("0123456789\n")
    assert result.stdout.endswith("… sortie tronquée : plus de 100\u202f000 caractères affichés.\n")
    assert result.outputs[0]["text"] == result.stdout
