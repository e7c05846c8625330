"""Pre-copy live migration: round by round, in closed form, and with Xen's and QEMU's stop rules.

Pre-copy (Clark et al., NSDI 2005) sends the whole memory in a first round, then in each later
round the pages dirtied during the previous one, until what is left is small enough to be sent
while the VM is paused (stop-and-copy). See :mod:`hvlab.sim.migration` for the units.
"""

from __future__ import annotations

__all__ = ["closed_form", "precopy", "qemu_precopy", "xen_precopy"]

import math

from hvlab.sim.migration.result import (
    MigrationResult,
    check_common,
    check_positive,
    check_rounds,
    finish_rounds,
    relabel,
)

_MBIT_S = 1.0 / 8.0  # one Mbit/s in MB/s
_PAGE_MB = 4096 / 1_000_000  # one 4 KiB page, in MB
_XEN_START_MBIT_S = 100.0
_XEN_STEP_MBIT_S = 50.0
_XEN_MAX_MBIT_S = 500.0
_XEN_MAX_ITERATIONS = 29
_XEN_MIN_PAGES = 50
_XEN_MAX_FACTOR = 3.0
_QEMU_MAX_DOWNTIME_S = 0.3


def precopy(
    memory_mb: float,
    bandwidth_mb_s: float,
    dirty_rate_mb_s: float,
    *,
    stop_threshold_mb: float = 1.0,
    max_rounds: int = 30,
    max_data_factor: float | None = 3.0,
    writable_working_set_mb: float | None = None,
    resume_time_s: float = 0.0,
) -> MigrationResult:
    """Simulate pre-copy round by round.

    Round 1 sends the whole memory; each later round sends what was dirtied while the previous
    round was on the wire (``dirty rate × its duration``, capped by the writable working set).
    The pre-copy stops when what is left is at most ``stop_threshold_mb`` (converged), after
    ``max_rounds`` rounds, or when the next round would push the total beyond
    ``max_data_factor × memory``; the rest is then sent while the VM is paused.

    Args:
        memory_mb: the VM's memory, in MB.
        bandwidth_mb_s: the migration bandwidth, in MB/s.
        dirty_rate_mb_s: the dirty rate of the running VM, in MB/s.
        stop_threshold_mb: what may be left for the stop-and-copy, in MB.
        max_rounds: the maximum number of pre-copy rounds.
        max_data_factor: stop once the data sent would exceed this multiple of the memory
            (``None``: no such limit).
        writable_working_set_mb: the most a round can dirty (the hot pages); the memory when
            ``None``.
        resume_time_s: time to resume the VM on the target, added to the downtime.

    Returns:
        The :class:`MigrationResult`.

    Raises:
        SimulationError: an input is negative, zero where it must not be, or not a number.
    """
    memory_mb, bandwidth_mb_s, dirty_rate_mb_s = check_common(
        memory_mb, bandwidth_mb_s, dirty_rate_mb_s
    )
    check_positive("Seuil d'arrêt (Mo)", stop_threshold_mb, positive=False)
    check_rounds(max_rounds)
    if max_data_factor is not None:
        check_positive("Facteur de données maximal", max_data_factor)
    check_positive("Temps de reprise (s)", resume_time_s, positive=False)
    cap = memory_mb if writable_working_set_mb is None else writable_working_set_mb
    check_positive("Ensemble de travail en écriture (Mo)", cap, positive=False)
    cap = min(cap, memory_mb)
    sent: list[float] = []
    remaining = memory_mb
    total = 0.0
    converged = False
    reason = ""
    while True:
        sent.append(remaining)
        total += remaining
        dirtied = min(dirty_rate_mb_s * remaining / bandwidth_mb_s, cap)
        remaining = dirtied
        if remaining <= stop_threshold_mb:
            converged, reason = True, "reste sous le seuil d'arrêt"
            break
        if len(sent) >= max_rounds:
            reason = "nombre maximal de tours atteint"
            break
        if max_data_factor is not None and total + remaining > max_data_factor * memory_mb:
            reason = "volume maximal de données atteint"
            break
    return finish_rounds(
        "precopy",
        memory_mb,
        bandwidth_mb_s,
        dirty_rate_mb_s,
        sent,
        remaining,
        bandwidth_mb_s,
        resume_time_s,
        converged,
        reason,
        sum(v / bandwidth_mb_s for v in sent),
    )


def closed_form(
    memory_mb: float,
    bandwidth_mb_s: float,
    dirty_rate_mb_s: float,
    *,
    stop_threshold_mb: float = 1.0,
    max_rounds: int = 30,
    writable_working_set_mb: float | None = None,
    resume_time_s: float = 0.0,
) -> MigrationResult:
    """The closed form of pre-copy.

    ``λ = D/R``, ``V_i = V_mem·λ^i``, ``n = min(⌈log_λ(V_thd/V_mem)⌉, n_max)``,
    ``V_mig = V_mem·(1−λ^(n+1))/(1−λ)``, ``T_mig = V_mig/R``, ``T_down = V_mem·λ^n/R + T_resume``.
    With ``λ ≥ 1`` it never converges: ``n = n_max`` and every round after the first sends the
    writable working set (the memory when not given), so the downtime is about ``WWS / R``.

    Args:
        memory_mb: the VM's memory ``V_mem``, in MB.
        bandwidth_mb_s: the bandwidth ``R``, in MB/s.
        dirty_rate_mb_s: the dirty rate ``D``, in MB/s.
        stop_threshold_mb: ``V_thd``, in MB.
        max_rounds: ``n_max``.
        writable_working_set_mb: the cap on what a round can dirty when ``λ ≥ 1``.
        resume_time_s: ``T_resume``, in seconds.

    Returns:
        The :class:`MigrationResult`; ``data_per_round_mb`` lists ``V_0 … V_n``.

    Raises:
        SimulationError: an input is invalid.
    """
    memory_mb, bandwidth_mb_s, dirty_rate_mb_s = check_common(
        memory_mb, bandwidth_mb_s, dirty_rate_mb_s
    )
    check_positive("Seuil d'arrêt (Mo)", stop_threshold_mb)
    check_rounds(max_rounds)
    check_positive("Temps de reprise (s)", resume_time_s, positive=False)
    ratio = dirty_rate_mb_s / bandwidth_mb_s
    if ratio == 0:
        volumes = [memory_mb, 0.0]
        return finish_rounds(
            "closed-form",
            memory_mb,
            bandwidth_mb_s,
            dirty_rate_mb_s,
            volumes[:1],
            0.0,
            bandwidth_mb_s,
            resume_time_s,
            True,
            "aucune page salie",
            memory_mb / bandwidth_mb_s,
        )
    if ratio < 1:
        exact = math.log(stop_threshold_mb / memory_mb) / math.log(ratio)
        needed = max(0, math.ceil(exact - 1e-9))
        n = min(needed, max_rounds)
        converged = needed <= max_rounds
        volumes = [memory_mb * ratio**i for i in range(n + 1)]
        total = memory_mb * (1 - ratio ** (n + 1)) / (1 - ratio)
    else:
        cap = (
            memory_mb
            if writable_working_set_mb is None
            else min(writable_working_set_mb, memory_mb)
        )
        n = max_rounds
        converged = False
        # memory × ratioⁱ ≥ memory ≥ cap: every round after the first sends the cap.
        volumes = [memory_mb] + [cap] * n
        total = sum(volumes)
    reason = "reste sous le seuil d'arrêt" if converged else "nombre maximal de tours atteint"
    downtime = volumes[-1] / bandwidth_mb_s + resume_time_s
    return MigrationResult(
        model="closed-form",
        memory_mb=memory_mb,
        bandwidth_mb_s=bandwidth_mb_s,
        dirty_rate_mb_s=dirty_rate_mb_s,
        rounds=n,
        data_per_round_mb=tuple(volumes),
        transferred_mb=total,
        total_time_s=total / bandwidth_mb_s + resume_time_s,
        downtime_s=downtime,
        converged=converged,
        stop_reason=reason,
    )


def xen_precopy(
    memory_mb: float,
    bandwidth_mb_s: float,
    dirty_rate_mb_s: float,
    *,
    writable_working_set_mb: float | None = None,
    resume_time_s: float = 0.0,
) -> MigrationResult:
    """Pre-copy with Xen's rate-limiting and stop rules (``tools/libxc/xc_linux_save.c``).

    The first round goes at 100 Mbit/s; each later round at the previous round's dirtying rate
    + 50 Mbit/s, capped at 500 Mbit/s (and at the link's bandwidth). The pre-copy stops when the
    rate is at its maximum and a round sent more than the previous one, after 29 iterations, with
    fewer than 50 pages (4 KiB) left, or once more than 3 × the RAM has been sent. The
    stop-and-copy goes at the link's full bandwidth.

    Xen also skips pages re-dirtied within the round, so what a round leaves is bounded by the
    pages the guest keeps writing — its writable working set (WWS). Without
    ``writable_working_set_mb`` every dirtied megabyte counts: because the first round crawls at
    100 Mbit/s, a VM dirtying 25 MB/s then re-dirties its whole memory and never converges, which
    overstates a real Xen. Give the WWS (e.g. a few tens of MB for a web server) to model it.

    Args:
        memory_mb: the VM's memory, in MB.
        bandwidth_mb_s: the link's bandwidth, in MB/s.
        dirty_rate_mb_s: the dirty rate, in MB/s.
        writable_working_set_mb: the most a round can leave to send (the hot pages); the
            memory when ``None``.
        resume_time_s: time to resume the VM on the target.

    Returns:
        The :class:`MigrationResult`.

    Raises:
        SimulationError: an input is invalid.
    """
    memory_mb, bandwidth_mb_s, dirty_rate_mb_s = check_common(
        memory_mb, bandwidth_mb_s, dirty_rate_mb_s
    )
    cap = memory_mb if writable_working_set_mb is None else writable_working_set_mb
    check_positive("Ensemble de travail en écriture (Mo)", cap, positive=False)
    cap = min(cap, memory_mb)
    max_rate = min(_XEN_MAX_MBIT_S * _MBIT_S, bandwidth_mb_s)
    rate = min(_XEN_START_MBIT_S * _MBIT_S, max_rate)
    remaining = memory_mb
    sent: list[float] = []
    elapsed = 0.0
    converged = False
    reason = ""
    while True:
        duration = remaining / rate
        sent.append(remaining)
        elapsed += duration
        dirtied = min(dirty_rate_mb_s * duration, cap)
        previous = remaining
        remaining = dirtied
        if remaining < _XEN_MIN_PAGES * _PAGE_MB:
            converged, reason = True, "moins de 50 pages restantes"
            break
        if len(sent) >= _XEN_MAX_ITERATIONS:
            reason = "29 itérations atteintes"
            break
        if sum(sent) > _XEN_MAX_FACTOR * memory_mb:
            reason = "plus de 3 × la mémoire envoyée"
            break
        if rate >= max_rate and len(sent) > 1 and previous > sent[-2]:
            reason = "débit maximal atteint et tour plus gros que le précédent"
            break
        rate = min(dirty_rate_mb_s + _XEN_STEP_MBIT_S * _MBIT_S, max_rate)
    return finish_rounds(
        "xen",
        memory_mb,
        bandwidth_mb_s,
        dirty_rate_mb_s,
        sent,
        remaining,
        bandwidth_mb_s,
        resume_time_s,
        converged,
        reason,
        elapsed,
    )


def qemu_precopy(
    memory_mb: float,
    bandwidth_mb_s: float,
    dirty_rate_mb_s: float,
    *,
    max_downtime_s: float = _QEMU_MAX_DOWNTIME_S,
    max_rounds: int = 30,
    resume_time_s: float = 0.0,
) -> MigrationResult:
    """Pre-copy with QEMU's rule: stop once ``remaining / bandwidth ≤ max downtime``.

    QEMU itself would go on forever when the VM dirties memory faster than it is sent; here
    ``max_rounds`` stops it and the result says it did not converge.

    Args:
        memory_mb: the VM's memory, in MB.
        bandwidth_mb_s: the bandwidth, in MB/s.
        dirty_rate_mb_s: the dirty rate, in MB/s.
        max_downtime_s: QEMU's ``downtime-limit`` (300 ms by default).
        max_rounds: a safety limit on the number of rounds.
        resume_time_s: time to resume the VM on the target.

    Returns:
        The :class:`MigrationResult`.

    Raises:
        SimulationError: an input is invalid.
    """
    check_positive("Interruption maximale (s)", max_downtime_s)
    return relabel(
        precopy(
            memory_mb,
            bandwidth_mb_s,
            dirty_rate_mb_s,
            stop_threshold_mb=bandwidth_mb_s * max_downtime_s,
            max_rounds=max_rounds,
            max_data_factor=None,
            resume_time_s=resume_time_s,
        ),
        "qemu",
    )
