"""Child processes for "Vérifier" on the command line: the student's code confined, checks apart.

``python -m hvlab.labs.sandbox`` is a small server the command line starts once
(:class:`hvlab.labs.isolate.Sandbox`); it reads one JSON request per line on its stdin and answers
one JSON line on its stdout. It imports hvlab once, then for each request forks:

1. a **student** child that confines itself, runs the code (:func:`hvlab.labs.student.run_student`)
   and writes its values back as data; it gets its own session and, where Linux allows it, new
   user, PID, network and mount namespaces: no network, every file read-only but a private
   ``/tmp``, and every process it starts killed with it (it is PID 1 of its namespace); limits on
   CPU time, address space, file size and open files; root is dropped to ``nobody``;
2. a **judge** child, forked from the server (never from the student's child), that rebuilds the
   values from that data (:mod:`hvlab.labs.transfer`) and runs the checks
   (:func:`hvlab.labs.judge.judge`), with its own time and memory limits and no network.

The server itself never runs the student's code. Without ``os.fork`` (Windows) each child is a
fresh ``python -m hvlab.labs.sandbox --job`` process instead, with the time limit only.

Requests: ``{"op": "check", "code", "checks", "step_id", "time_s", "memory_mib"}`` answers a
:class:`~hvlab.labs.runner.CheckReport` dict; ``{"op": "plan", "checks"}`` answers
:func:`~hvlab.labs.judge.call_plan`'s data (or ``{"error": …}``); ``{"op": "judge", "checks",
"student", "step_id"}`` judges data made elsewhere (Jupyter); ``{"op": "isolation"}`` answers what
confinement this machine allows.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_MEMORY_MIB",
    "DEFAULT_TIME_S",
    "JUDGE_TIME_S",
    "MAX_RESULT_BYTES",
    "Confinement",
    "serve",
]

import contextlib
import json
import math
import os
import signal
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any, BinaryIO

from hvlab.fr import number
from hvlab.labs.judge import (
    MAX_ROUNDS,
    call_plan,
    judge_round,
    merge_answers,
    rounds_exhausted,
)
from hvlab.labs.runner import CheckReport, ErrorInfo, RunResult
from hvlab.labs.student import StudentSide

#: Default time limit of the student's code, in seconds.
DEFAULT_TIME_S = 10.0
#: Default memory the student's code may allocate, in MiB (on top of Python and hvlab).
DEFAULT_MEMORY_MIB = 1024
#: Time the checks of one step may take, in seconds.
JUDGE_TIME_S = 60.0
#: Most bytes of data a child may send back.
MAX_RESULT_BYTES = 64 * 1024 * 1024

_NOBODY = 65534
#: Children of the server still doing a job (the others are orphans of the code, to kill).
_ACTIVE: set[int] = set()
_MEMORY_EXIT = 71
_CLONE_NEWNS = 0x00020000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWPID = 0x20000000
_CLONE_NEWNET = 0x40000000
_MS_REC = 0x4000
_MS_PRIVATE = 1 << 18
_MOUNT_ATTR_RDONLY = 0x1
_AT_FDCWD = -100
_AT_RECURSIVE = 0x8000
_SYS_MOUNT_SETATTR = 442  # the same number on every Linux architecture (new syscall table)
_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True)
class Confinement:
    """What confines the student's code on this machine.

    Attributes:
        limits: CPU time, address space, file size and open files are limited.
        network: no network (a new network namespace).
        processes: every process the code starts dies with it (a new PID namespace; else only its
            process group and, on Linux, the processes left to the server are killed).
        filesystem: the file system is read-only but a private ``/tmp``.
        unprivileged: the code cannot act as root, nor on the server's processes.
    """

    limits: bool = False
    network: bool = False
    processes: bool = False
    filesystem: bool = False
    unprivileged: bool = False


@dataclass(frozen=True)
class _Outcome:
    payload: bytes = b""
    timed_out: bool = False
    too_big: bool = False
    status: int = 0


# ---------------------------------------------------------------------------------- the server


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Answer the requests read from ``stdin`` (one JSON per line) until it closes."""
    _become_subreaper()
    for line in stdin:
        try:
            request = json.loads(line)
            response = _handle(request) if isinstance(request, dict) else {"error": "requête"}
        except (ValueError, TypeError) as exc:
            response = {"error": f"requête illisible ({exc})"}
        stdout.write(json.dumps(response, ensure_ascii=False).encode("utf-8") + b"\n")
        stdout.flush()


def _handle(request: dict[str, Any]) -> dict[str, Any]:
    op = request.get("op")
    if op == "isolation":
        return asdict(_probe())
    checks = str(request.get("checks", ""))
    step_id = str(request.get("step_id", ""))
    if op == "plan":
        try:
            return call_plan(checks)
        except Exception as exc:
            return {"error": f"{type(exc).__name__}: {exc}"}
    if op == "judge":
        return _judge_in_child(checks, request.get("student"), step_id)
    if op == "check":
        return _check(request, checks, step_id)
    return {"error": f"opération inconnue : {op!r}"}


def _check(request: dict[str, Any], checks: str, step_id: str) -> dict[str, Any]:
    time_s = float(request.get("time_s") or DEFAULT_TIME_S)
    memory_mib = int(request.get("memory_mib") or DEFAULT_MEMORY_MIB)
    code = str(request.get("code", ""))
    try:
        plan = call_plan(checks)
    except Exception as exc:
        message = (
            "Les vérifications de cette étape n'ont pas pu être chargées "
            f"({type(exc).__name__}: {exc}) : signalez-le à votre enseignant."
        )
        return CheckReport(step_id=step_id, passed=False, message=message).to_dict()

    child = _start_child({"role": "student", "code": code, "plan": plan}, time_s, memory_mib)
    try:
        outcome = child.read(time_s + 1.0)
        failure = _student_failure(outcome, time_s, memory_mib)
        if failure is not None:
            report = CheckReport(
                step_id=step_id, passed=False, message=failure.text, run=_failed(failure)
            )
            return report.to_dict()
        try:
            student: dict[str, Any] = json.loads(outcome.payload)
        except ValueError:
            student = {}
        for _ in range(MAX_ROUNDS):
            verdict = _judge_in_child(checks, student, step_id)
            needs = verdict.get("needs")
            if not isinstance(needs, dict):
                return verdict
            child.send(_dump(needs))
            outcome = child.read(time_s + 1.0)
            failure = _student_failure(outcome, time_s, memory_mib, calls=True)
            if failure is not None:
                report = CheckReport(
                    step_id=step_id, passed=False, message=failure.text, run=_failed(failure)
                )
                return report.to_dict()
            try:
                answers = json.loads(outcome.payload)
            except ValueError:
                answers = {}
            student = merge_answers(student, answers if isinstance(answers, dict) else {})
        return rounds_exhausted(step_id, student.get("run")).to_dict()
    finally:
        child.finish()


def _judge_in_child(checks: str, student: Any, step_id: str) -> dict[str, Any]:
    """A report dict, or ``{"needs": {...}}`` when the checks wait for calls to be answered."""
    job = {"role": "judge", "checks": checks, "student": student, "step_id": step_id}
    outcome = _in_child(job, time_s=JUDGE_TIME_S, memory_mib=2 * DEFAULT_MEMORY_MIB)
    answer: Any = None
    if not outcome.timed_out and not outcome.too_big and outcome.payload:
        with contextlib.suppress(ValueError):
            answer = json.loads(outcome.payload)
    if isinstance(answer, dict):
        return answer
    why = (
        f"elles duraient encore au bout de {number(JUDGE_TIME_S, 0)} s"
        if outcome.timed_out
        else f"leur processus s'est arrêté ({_status_text(outcome.status)})"
    )
    message = (
        f"Les vérifications n'ont pas abouti : {why}. Elles ne jugent que des données, c'est "
        "donc à signaler à votre enseignant."
    )
    return CheckReport(step_id=step_id, passed=False, message=message).to_dict()


def _run_job(job: dict[str, Any], channel: _Channel | None = None) -> bytes:
    """Do ``job`` (in the child that :func:`_confine` prepared) and return its result as bytes.

    A student's job then answers the checks' calls read from ``channel`` until it closes.
    """
    role = job.get("role")
    if role == "student":
        plan = job.get("plan")
        side = StudentSide()
        first = _dump(side.run(str(job.get("code", "")), plan if isinstance(plan, dict) else None))
        if channel is None:
            return first
        channel.write(first)
        while (request := channel.receive()) is not None:
            needs = json.loads(request)
            channel.write(_dump(side.calls(needs if isinstance(needs, dict) else {})))
        return b""
    if role == "judge":
        student = job.get("student")
        data = student if isinstance(student, dict) else {}
        checks, step_id = str(job.get("checks", "")), str(job.get("step_id", ""))
        verdict = judge_round(checks, data, step_id=step_id)
        if verdict.report is None:
            return _dump({"needs": verdict.needs})
        return _dump(verdict.report.to_dict())
    if role == "probe":
        return _dump(asdict(_observe()))
    raise ValueError(role)


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _failed(error: ErrorInfo) -> RunResult:
    return RunResult(ok=False, error=error)


def _student_failure(
    outcome: _Outcome, time_s: float, memory_mib: int, *, calls: bool = False
) -> ErrorInfo | None:
    if outcome.timed_out or outcome.status == -signal.SIGXCPU:
        what, stopped = (
            ("une de vos fonctions, appelée par les vérifications,", "elle a été arrêtée")
            if calls
            else ("votre code", "il a été arrêté")
        )
        text = (
            f"Temps dépassé : {what} tournait encore au bout de {number(time_s, 1)} s, "
            f"{stopped}. Cherchez une boucle qui ne se termine pas (une condition de « while » "
            "toujours vraie ?)."
        )
        return ErrorInfo(type="TimeoutError", message=text, line=0, text=text)
    if outcome.too_big:
        text = (
            "Votre code a produit trop de données pour être vérifié (plus de "
            f"{number(MAX_RESULT_BYTES / 1024**2, 0)} Mio de sorties et de valeurs) : "
            "n'affichez pas de données énormes et ne gardez pas de très grosses variables."
        )
        return ErrorInfo(type="OutputLimit", message=text, line=0, text=text)
    if outcome.payload:
        return None  # complete (the child is killed once its data is read)
    if outcome.status == 0:
        text = (
            "Votre code a arrêté Python avant la fin (os._exit ?) : les vérifications n'ont pas "
            "pu être faites."
        )
    elif outcome.status == _MEMORY_EXIT:
        text = (
            "Mémoire épuisée : votre code a demandé plus que les "
            f"{number(memory_mib, 0)} Mio permis. Piste : vérifiez la taille des listes, des "
            "chaînes et des valeurs que votre code construit et garde."
        )
    else:
        text = (
            "Le processus qui exécutait votre code s'est arrêté brutalement "
            f"({_status_text(outcome.status)})."
        )
    return ErrorInfo(type="ProcessError", message=text, line=0, text=text)


def _status_text(status: int) -> str:
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = str(-status)
        return f"signal {name}"
    return f"code {status}"


# ------------------------------------------------------------------------------ running a child


def _in_child(job: dict[str, Any], *, time_s: float, memory_mib: int) -> _Outcome:
    """Do a one-answer ``job`` in a confined child; its bytes, or why there are none."""
    child = _start_child(job, time_s, memory_mib)
    try:
        return child.read(time_s + 1.0)
    finally:
        child.finish()


class _Channel:
    """Length-prefixed messages (``<length>\\n<bytes>``) over a pair of file descriptors."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self.read_fd = read_fd
        self.write_fd = write_fd

    def write(self, payload: bytes) -> None:
        _write_all(self.write_fd, b"%d\n" % len(payload) + payload)

    def receive(self) -> bytes | None:
        """The next message (blocking), or ``None`` once the other side has closed."""
        head = b""
        while not head.endswith(b"\n"):
            byte = os.read(self.read_fd, 1)
            if not byte or len(head) > 32:
                return None
            head += byte
        size = int(head)
        data = bytearray()
        while len(data) < size:
            chunk = os.read(self.read_fd, min(1 << 16, size - len(data)))
            if not chunk:
                return None
            data += chunk
        return bytes(data)


class _Child:
    """A forked, confined child doing a job; the server's end of its channel."""

    def __init__(self, job: dict[str, Any], time_s: float, memory_mib: int) -> None:
        role = "judge" if job.get("role") == "judge" else "student"
        answers_read, answers_write = os.pipe()
        requests_read, requests_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child (its coverage is not collected)
            status = 70
            try:
                os.close(answers_read)
                os.close(requests_write)
                keep = (requests_read, answers_write)
                _confine(role, time_s=time_s, memory_mib=memory_mib, keep=keep)
                channel = _Channel(requests_read, answers_write)
                payload = _run_job(job, channel if job.get("role") == "student" else None)
                if payload:
                    channel.write(payload)
                status = 0
            except MemoryError:
                status = _MEMORY_EXIT
            except BaseException:
                status = 70
            finally:
                os._exit(status)
        os.close(answers_write)
        os.close(requests_read)
        _ACTIVE.add(pid)
        self.pid = pid
        self.answers = answers_read
        self.requests: int | None = requests_write
        self.timed_out = self.too_big = False

    def send(self, payload: bytes) -> None:
        if self.requests is not None:
            with contextlib.suppress(OSError):
                _write_all(self.requests, b"%d\n" % len(payload) + payload)

    def read(self, seconds: float) -> _Outcome:
        """The child's next message within ``seconds``, or why there is none."""
        payload, timed_out, too_big = _read_payload(self.answers, seconds)
        if payload:
            return _Outcome(payload=payload)
        self.timed_out, self.too_big = timed_out, too_big
        status = self.finish()
        return _Outcome(timed_out=timed_out, too_big=too_big, status=status)

    def finish(self) -> int:
        """Close the channel, let the child end (or kill it and all its processes); its status."""
        if self.requests is not None:
            os.close(self.requests)
            self.requests = None
        wait_status = None
        if not self.timed_out and not self.too_big:
            wait_status = _wait(self.pid, 1.0)
        if self.answers >= 0:
            os.close(self.answers)
            self.answers = -1
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        if wait_status is None:
            with contextlib.suppress(ChildProcessError):
                _, wait_status = os.waitpid(self.pid, 0)
        _ACTIVE.discard(self.pid)
        _reap_orphans()
        self.status = os.waitstatus_to_exitcode(wait_status) if wait_status is not None else 0
        self.finish = lambda: self.status  # type: ignore[method-assign]
        return self.status


def _start_child(job: dict[str, Any], time_s: float, memory_mib: int) -> _Child:
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return _SpawnedChild(job, time_s)  # type: ignore[return-value]
    return _Child(job, time_s, memory_mib)


def _wait(pid: int, seconds: float) -> int | None:
    """The wait status of ``pid`` if it exits within ``seconds``, else ``None``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.005)
    return None


def _read_payload(fd: int, seconds: float) -> tuple[bytes, bool, bool]:
    """Read one ``<length>\\n<bytes>`` message within ``seconds``: (bytes, timed out, too big).

    Reads no further than the message (the child writes the next one only when asked).
    """
    import select

    deadline = time.monotonic() + seconds
    head = b""
    buffer = bytearray()
    expected: int | None = None
    while expected is None or len(buffer) < expected:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return b"", True, False
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        if expected is None:
            byte = os.read(fd, 1)
            if not byte:
                return b"", False, False
            if byte != b"\n":
                head += byte
                if len(head) > 20 or not byte.isdigit():
                    return b"", False, True
                continue
            expected = int(head or b"0")
            if expected > MAX_RESULT_BYTES:
                return b"", False, True
            continue
        chunk = os.read(fd, min(1 << 16, expected - len(buffer)))
        if not chunk:
            return b"", False, False
        buffer += chunk
    return bytes(buffer), False, False


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class _SpawnedChild:  # pragma: no cover - Windows (no fork): a fresh Python per job
    """The same interface as :class:`_Child`, with a ``python -m hvlab.labs.sandbox --job``."""

    def __init__(self, job: dict[str, Any], time_s: float) -> None:
        import queue
        import subprocess
        import threading

        self.process = subprocess.Popen(
            [sys.executable, "-m", "hvlab.labs.sandbox", "--job"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.messages: queue.Queue[bytes | None] = queue.Queue()
        channel = _Channel(self.process.stdout.fileno(), self.process.stdin.fileno())
        channel.write(_dump(job))

        def pump() -> None:
            while (message := channel.receive()) is not None:
                self.messages.put(message)
            self.messages.put(None)

        threading.Thread(target=pump, daemon=True).start()
        self.channel = channel

    def send(self, payload: bytes) -> None:
        with contextlib.suppress(OSError):
            self.channel.write(payload)

    def read(self, seconds: float) -> _Outcome:
        import queue

        try:
            message = self.messages.get(timeout=seconds)
        except queue.Empty:
            self.finish()
            return _Outcome(timed_out=True)
        if message is None:
            return _Outcome(status=self.finish())
        if len(message) > MAX_RESULT_BYTES:
            return _Outcome(too_big=True, status=self.finish())
        return _Outcome(payload=message)

    def finish(self) -> int:
        self.process.kill()
        return self.process.wait()


# --------------------------------------------------------------------------------- confinement


def _confine(  # pragma: no cover - runs in the child
    role: str, *, time_s: float, memory_mib: int, keep: tuple[int, ...]
) -> None:
    """Confine the current (child) process; for the student, possibly as PID 1 of a new namespace.

    Returns in the process that must run the job (for a new PID namespace, a forked child: the
    intermediate process waits for it and exits with its status).
    """
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, _max_fd())
    _set_limits(time_s=time_s, memory_mib=memory_mib)
    if role == "judge":
        _unshare_network()
        return
    flags = _namespaces()
    if flags & _CLONE_NEWPID:
        child = os.fork()
        if child != 0:
            for fd in keep:
                os.close(fd)
            _, status = os.waitpid(child, 0)
            code = os.waitstatus_to_exitcode(status)
            if code < 0:
                os.kill(os.getpid(), -code)
            os._exit(code)
        _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if flags & _CLONE_NEWNS:
        with contextlib.suppress(OSError):
            os.chdir("/tmp")
    if os.geteuid() == 0 and not flags & _CLONE_NEWUSER:
        # Root without a user namespace: become nobody (modules not yet imported may then be
        # unreadable if Python lives in root's home; the server imported the usual ones).
        os.setgroups([])
        os.setgid(_NOBODY)
        os.setuid(_NOBODY)
    os.environ["HOME"] = "/tmp"


def _max_fd() -> int:
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        return min(soft, 65536) if soft > 0 else 4096
    except (ImportError, ValueError, OSError):
        return 4096


def _set_limits(*, time_s: float, memory_mib: int) -> bool:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return False
    # A backstop: each phase (the run, each round of calls) has its own wall-clock limit.
    cpu = 4 * math.ceil(time_s) + 2
    address_space = _address_space() + memory_mib * 1024 * 1024
    limits = [
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_AS, (address_space, address_space)),
        (resource.RLIMIT_FSIZE, (16 * 1024 * 1024, 16 * 1024 * 1024)),
        (resource.RLIMIT_NOFILE, (256, 256)),
        (resource.RLIMIT_CORE, (0, 0)),
    ]
    applied = True
    for which, value in limits:
        try:
            resource.setrlimit(which, value)
        except (ValueError, OSError):
            applied = False
    return applied


def _address_space() -> int:
    """Bytes of address space this process already uses (0 where unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 512 * 1024 * 1024


def _libc() -> Any:
    import ctypes  # here: importing this module must work in Pyodide too (for hvlab.labs)

    return ctypes.CDLL(None, use_errno=True)


def _namespaces() -> int:  # pragma: no cover - runs in the child
    """Enter new namespaces (user if needed, mount, PID, network); return the flags obtained."""
    if not sys.platform.startswith("linux"):
        return 0
    libc = _libc()
    wanted = _CLONE_NEWNS | _CLONE_NEWPID | _CLONE_NEWNET
    uid, gid = os.getuid(), os.getgid()
    # A user namespace first, even for root: the code then has no capability outside it (it
    # keeps its uid, so the files it may read stay readable: root's own Python, say).
    for flags in (wanted | _CLONE_NEWUSER, wanted, _CLONE_NEWNET | _CLONE_NEWUSER, _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            break
    else:
        return 0
    if flags & _CLONE_NEWUSER:
        _map_user(uid, gid)
    if flags & _CLONE_NEWNS and not _read_only_root(libc):
        flags &= ~_CLONE_NEWNS
    return flags


def _unshare_network() -> bool:  # pragma: no cover - runs in the child
    if not sys.platform.startswith("linux"):
        return False
    libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(_CLONE_NEWNET) == 0:
        return True
    if libc.unshare(_CLONE_NEWNET | _CLONE_NEWUSER) == 0:
        _map_user(uid, gid)
        return True
    return False


def _map_user(uid: int, gid: int) -> None:  # pragma: no cover - runs in the child
    """Keep our own uid and gid inside the new user namespace (files stay readable)."""
    for name, text in (
        ("setgroups", "deny"),
        ("uid_map", f"{uid} {uid} 1"),
        ("gid_map", f"{gid} {gid} 1"),
    ):
        with contextlib.suppress(OSError), open(f"/proc/self/{name}", "w", encoding="ascii") as f:
            f.write(text)


def _read_only_root(libc: Any) -> bool:  # pragma: no cover - runs in the child
    """Make every mount read-only (recursively) and give the code a private ``/tmp``."""
    if libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None) != 0:
        return False
    import ctypes

    class MountAttr(ctypes.Structure):
        _fields_ = (
            ("attr_set", ctypes.c_uint64),
            ("attr_clr", ctypes.c_uint64),
            ("propagation", ctypes.c_uint64),
            ("userns_fd", ctypes.c_uint64),
        )

    attr = MountAttr(_MOUNT_ATTR_RDONLY, 0, 0, 0)
    done = libc.syscall(
        _SYS_MOUNT_SETATTR, _AT_FDCWD, b"/", _AT_RECURSIVE, ctypes.byref(attr), ctypes.sizeof(attr)
    )
    if done != 0:
        return False
    return bool(libc.mount(b"tmpfs", b"/tmp", b"tmpfs", 0, b"size=64m,mode=1777") == 0)


def _become_subreaper() -> None:
    """Processes the code leaves behind become the server's children, so it can kill them."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            _libc().prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _reap_orphans() -> None:
    """Kill and wait for every child of the server not doing a job (orphans of the code)."""
    if not sys.platform.startswith("linux"):
        return
    me = os.getpid()
    for _ in range(100):
        children = [pid for pid in _children_of(me) if pid not in _ACTIVE]
        if not children:
            return
        for child in children:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(child, signal.SIGKILL)
        for child in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, 0)


def _children_of(pid: int) -> list[int]:
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue
        if len(fields) > 1 and fields[1] == str(pid):
            found.append(int(entry))
    return found


def _probe() -> Confinement:
    """Fork a child that confines itself as a student's would, and report what held."""
    outcome = _in_child({"role": "probe"}, time_s=5.0, memory_mib=256)
    try:
        return Confinement(**json.loads(outcome.payload))
    except (ValueError, TypeError):
        return Confinement()


def _observe() -> Confinement:  # pragma: no cover - runs in the child
    """What holds in this (confined) process."""
    import resource
    import socket

    try:
        socket.create_connection(("192.0.2.1", 9), timeout=0.5).close()
        network = False
    except OSError as exc:
        network = exc.errno in (101, 99)  # ENETUNREACH, EADDRNOTAVAIL: no route, no address
    here = os.path.dirname(os.path.abspath(__file__))
    read_only = all(os.statvfs(p).f_flag & os.ST_RDONLY for p in ("/", here))
    return Confinement(
        limits=resource.getrlimit(resource.RLIMIT_CPU)[0] != resource.RLIM_INFINITY,
        network=network,
        processes=os.getpid() == 1,
        filesystem=bool(read_only),
        unprivileged=os.geteuid() != 0 or _in_user_namespace(),
    )


def _in_user_namespace() -> bool:  # pragma: no cover - runs in the child
    """Whether this process is in a user namespace other than the first (no capability outside)."""
    try:
        with open("/proc/self/uid_map", encoding="ascii") as uid_map:
            return uid_map.read().split() != ["0", "0", "4294967295"]
    except OSError:
        return False


def _job_main() -> None:  # pragma: no cover - Windows
    channel = _Channel(sys.stdin.fileno(), sys.stdout.fileno())
    job = json.loads(channel.receive() or b"{}")
    payload = _run_job(job if isinstance(job, dict) else {}, channel)
    if payload:
        channel.write(payload)


if __name__ == "__main__":  # pragma: no cover - the server process
    if sys.argv[1:] == ["--job"]:
        _job_main()
    else:
        serve(sys.stdin.buffer, sys.stdout.buffer)
