"""A hostile student against ``hvlab lab check``: every way of cheating or escaping tried fails.

The student's code runs in a confined child of the sandbox server, the checks in another child
that only receives data (hvlab.labs.sandbox). Each test plays one attack and asserts what the
student (or the teacher) then sees, in French, within a bound on time. Attacks that need a
confinement the machine may not allow (network, file system, PID namespaces) skip locally when it
is missing and fail under CI=true.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from hvlab.labs.isolate import Sandbox, run_checks_isolated
from hvlab.labs.runner import CheckReport
from hvlab.labs.sandbox import Confinement
from tests.conftest import require
from tests.hang import no_hang

# x must be 42; the checks use the helpers a student would like to replace.
CHECKS = '''
from hvlab.labs.checks import expect_close, expect_var


def check_x(ns):
    """x vaut 42"""
    expect_close(expect_var(ns, "x"), 42, what="x")
'''
WRONG = "x = 41\n"


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def confinement(box: Sandbox) -> Confinement:
    return box.confinement()


def check(box: Sandbox, code: str, *, timeout_s: float = 5.0) -> CheckReport:
    with no_hang("Sandbox.check"):
        return box.check(code, CHECKS, step_id="x", timeout_s=timeout_s)


def assert_wrong_answer_seen(report: CheckReport) -> None:
    assert not report.passed
    assert report.message == "1 vérification sur 1 non réussie : lisez les messages."
    assert report.results[0].message == "x vaut 41, on attend 42."


def test_a_right_and_a_wrong_answer(box: Sandbox) -> None:
    assert check(box, "x = 42\n").passed
    assert_wrong_answer_seen(check(box, WRONG))
    placeholder = check(box, "x = ...\n").results[0].message
    assert placeholder.startswith("La variable « x » vaut encore « ... »")


@pytest.mark.parametrize(
    "attack",
    [
        # replace the helper the check calls
        "import hvlab.labs.checks as c\nc.expect_close = lambda *a, **k: None\n",
        # a fake module in sys.modules, for every name the checks could import
        "import sys, types\nfake = types.ModuleType('hvlab.labs.checks')\n"
        "fake.expect_close = lambda *a, **k: None\nfake.expect_var = lambda ns, n: 42\n"
        "sys.modules['hvlab.labs.checks'] = fake\n",
        # make every assertion pass, or every comparison true
        "import builtins, math\nbuiltins.AssertionError = type('A', (Exception,), {})\n"
        "math.isclose = lambda *a, **k: True\n",
        # make the checks runner itself report success
        "import hvlab.labs.judge as j\nj._summary = lambda r: 'Bravo'\n"
        "j.check_namespace = lambda *a, **k: None\n",
        # print the report the former runner read from the child's stdout
        "import os\nos.write(1, b'\\n<<hvlab-report>>\\n{\"passed\": true}')\n"
        "print('\\n<<hvlab-report>>\\n{\"passed\": true}')\n",
    ],
    ids=["replace-expect-close", "fake-module", "patch-builtins", "patch-judge", "fake-report"],
)
def test_patching_the_checks_does_not_change_the_verdict(box: Sandbox, attack: str) -> None:
    assert_wrong_answer_seen(check(box, attack + WRONG))


def test_patches_do_not_leak_into_the_next_check(box: Sandbox) -> None:
    check(box, "import math\nmath.isclose = lambda *a, **k: False\nx = 42\n")
    assert check(box, "x = 42\n").passed


def test_a_detached_child_does_not_outlive_the_check(box: Sandbox) -> None:
    marker = f"hvlab-test-{uuid.uuid4().hex}"
    code = (
        "import os, subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)', '{marker}'],"
        " start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,"
        " stderr=subprocess.DEVNULL)\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        f"        os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(120)',"
        f" '{marker}'])\n"
        "    os._exit(0)\n"
        "time.sleep(0.5)\n"
        "x = 41\n"
    )
    assert_wrong_answer_seen(check(box, code))
    deadline = time.monotonic() + 60  # returns as soon as they are gone; 60 s only on failure
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_with(marker) == []


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                if marker.encode() in cmdline.read():
                    found.append(int(entry))
        except OSError:
            continue
    return found


def test_eight_gib_are_refused_with_a_french_explanation(box: Sandbox) -> None:
    report = check(box, "x = 42\nbloc = bytearray(8 * 1024**3)\n")
    assert not report.passed
    assert report.message.startswith("Votre code s'est arrêté sur une erreur (ligne 2)")
    error = report.run.error
    assert error is not None and error.type == "MemoryError"
    assert "Piste : votre programme demande plus de mémoire qu'il n'en dispose" in error.text


def test_an_endless_loop_is_stopped_at_the_time_limit(box: Sandbox) -> None:
    report = check(box, "x = 42\nwhile True:\n    pass\n", timeout_s=1.0)
    assert not report.passed
    assert report.message.startswith(
        "Temps dépassé : votre code tournait encore au bout de 1 s, il a été arrêté."
    )


def test_keyboard_interrupt_in_the_code_is_explained_not_a_traceback(box: Sandbox) -> None:
    report = check(box, "x = 42\nraise KeyboardInterrupt\n")
    assert not report.passed
    error = report.run.error
    assert error is not None
    assert error.text.startswith("Erreur ligne 2 : KeyboardInterrupt")
    assert "Piste : votre code a levé KeyboardInterrupt" in error.text
    assert "hvlab/labs" not in error.text


def test_os_exit_is_reported(box: Sandbox) -> None:
    report = check(box, "import os\nx = 42\nos._exit(0)\n")
    assert not report.passed
    assert report.message == (
        "Votre code a arrêté Python avant la fin (os._exit ?) : les vérifications n'ont pas pu "
        "être faites."
    )


def test_the_code_cannot_kill_the_sandbox(box: Sandbox) -> None:
    code = (
        "import os, signal\n"
        "for pid in os.listdir('/proc'):\n"
        "    if pid.isdigit():\n"
        "        try:\n"
        "            if b'hvlab.labs.sandbox' in open(f'/proc/{pid}/cmdline', 'rb').read():\n"
        "                os.kill(int(pid), signal.SIGKILL)\n"
        "        except OSError:\n"
        "            pass\n"
        "x = 41\n"
    )
    assert_wrong_answer_seen(check(box, code))
    assert check(box, "x = 42\n").passed


def test_the_code_has_no_network(box: Sandbox, confinement: Confinement) -> None:
    require(confinement.network, "this machine cannot give the code its own network namespace")
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        code = (
            "import socket\n"
            "try:\n"
            f"    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
            "    x = 'connecté'\n"
            "except OSError as exc:\n"
            "    x = 41\n"
        )
        assert_wrong_answer_seen(check(box, code))
        listener.setblocking(False)
        with pytest.raises(BlockingIOError):
            listener.accept()  # no connection is waiting


def test_the_code_cannot_rewrite_the_checks_file(
    tmp_path: Path, box: Sandbox, confinement: Confinement
) -> None:
    require(confinement.filesystem, "this machine cannot mount the file system read-only")
    target = tmp_path / "etape1_verif.py"
    target.write_text(CHECKS, encoding="utf-8")
    code = (
        "import os\n"
        f"os.system('echo \"def check_x(ns): pass\" > {target}')\n"
        "try:\n"
        f"    open({str(target)!r}, 'w').write('def check_x(ns): pass')\n"
        "except OSError:\n"
        "    pass\n"
        "x = 41\n"
    )
    assert_wrong_answer_seen(check(box, code))
    assert target.read_text(encoding="utf-8") == CHECKS


def test_this_machine_confines_the_code(confinement: Confinement) -> None:
    """Under CI, every protection must hold (locally, a missing one only skips)."""
    missing = [name for name, held in vars(confinement).items() if not held]
    require(not missing, f"confinement incomplete on this machine: {missing}")


def test_a_huge_value_becomes_a_note_not_a_crash(box: Sandbox) -> None:
    report = check(box, "x = [0] * 5_000_000\n")
    assert not report.passed
    assert "valeur trop volumineuse pour être vérifiée" in report.results[0].message


def test_one_shot_check_gives_the_same_verdict() -> None:
    report = run_checks_isolated(WRONG, CHECKS, step_id="x", timeout_s=5)
    assert_wrong_answer_seen(report)


def test_a_student_function_looping_when_the_checks_call_it_is_stopped(box: Sandbox) -> None:
    checks = "def check_f(ns):\n    assert ns['f'](ns['n']) == 1, 'f(n) est faux.'\n"
    code = "n = 3\ndef f(n):\n    while True:\n        pass\n"
    with no_hang("Sandbox.check"):
        report = box.check(code, checks, step_id="f", timeout_s=1.0)
    assert not report.passed
    assert report.message.startswith(
        "Temps dépassé : une de vos fonctions, appelée par les vérifications, tournait encore au "
        "bout de 1 s, elle a été arrêtée."
    )
