"""Live migration of a virtual machine: pre-copy round by round, closed form, cold, post-copy.

Pre-copy (Clark et al., NSDI 2005) sends the whole memory in a first round, then in each later
round the pages dirtied during the previous one, until what is left is small enough to be sent
while the VM is paused (stop-and-copy). With dirty rate ``D`` and bandwidth ``R`` the ratio
``λ = D / R`` decides everything: ``λ < 1`` converges geometrically, ``λ ≥ 1`` never does and only
the implementation's limits (maximum rounds, maximum data sent) force the stop.

Models:

* :func:`precopy` — round by round, with a stop threshold, a maximum number of rounds, a maximum
  data factor and an optional writable working set (WWS) capping what a round can dirty;
* :func:`xen_precopy` — Xen's rules (``xc_linux_save.c``): rate 100 Mbit/s at first, then the
  previous round's dirtying rate + 50 Mbit/s, capped at 500 Mbit/s; stop at the maximum rate when
  a round sends more than the previous one, after 29 iterations, with fewer than 50 pages left or
  once more than 3 × the RAM has been sent;
* :func:`qemu_precopy` — QEMU's rule: stop as soon as what remains can be sent within the maximum
  downtime (300 ms by default);
* :func:`closed_form` — the usual closed form (Akoush et al. 2010; Liu et al. 2011);
* :func:`cold_migration` and :func:`postcopy` for comparison;
* :func:`cloudsim_migration_time_s` — CloudSim's ``RAM / (bandwidth / 2)``.

Units: memory in MB, bandwidth and dirty rate in MB/s, times in seconds (``downtime_ms`` in ms),
where 1 MB = 10^6 bytes and 1 Gbit/s = 125 MB/s. A VM's memory configured in MiB converts with
× 1.048576 (:func:`hvlab.sim.units.mib_to_mb`); the storage model converts GiB the same way
(× 1,073.741824), so every transfer time of the package follows one convention.

Example:
    >>> r = closed_form(memory_mb=1000, bandwidth_mb_s=125, dirty_rate_mb_s=25, stop_threshold_mb=1)
    >>> r.rounds, round(r.transferred_mb, 2), round(r.downtime_ms, 2)
    (5, 1249.92, 2.56)
"""

from __future__ import annotations

__all__ = [
    "MIGRATION_MODELS",
    "MigrationResult",
    "closed_form",
    "cloudsim_migration_time_s",
    "cold_migration",
    "migrate",
    "postcopy",
    "precopy",
    "qemu_precopy",
    "xen_precopy",
]

import math
from dataclasses import dataclass
from typing import Any

from hvlab.errors import SimulationError
from hvlab.sim.display import Table, VegaLiteChart

#: Names accepted by :func:`migrate` (and ``hvlab sim migrate --model``).
MIGRATION_MODELS: tuple[str, ...] = ("precopy", "closed-form", "xen", "qemu", "cold", "postcopy")

_MBIT_S = 1.0 / 8.0  # one Mbit/s in MB/s
_PAGE_MB = 4096 / 1_000_000  # one 4 KiB page, in MB
_XEN_START_MBIT_S = 100.0
_XEN_STEP_MBIT_S = 50.0
_XEN_MAX_MBIT_S = 500.0
_XEN_MAX_ITERATIONS = 29
_XEN_MIN_PAGES = 50
_XEN_MAX_FACTOR = 3.0
_QEMU_MAX_DOWNTIME_S = 0.3


@dataclass(frozen=True)
class MigrationResult:
    """The outcome of one migration.

    Attributes:
        model: the model used (``precopy``, ``closed-form``, ``xen``, ``qemu``, ``cold``,
            ``postcopy``).
        memory_mb: the VM's memory.
        bandwidth_mb_s: the migration bandwidth.
        dirty_rate_mb_s: the rate at which the running VM dirties memory.
        rounds: pre-copy rounds sent while the VM runs (the stop-and-copy is not counted).
        data_per_round_mb: data sent in each round, the stop-and-copy round last.
        transferred_mb: total data sent.
        total_time_s: from the start of the migration to the VM running on the target.
        downtime_s: time the VM is paused (stop-and-copy plus resume).
        converged: whether what was left fell under the stop rule by itself (``False`` when a
            limit — maximum rounds, maximum data — forced the stop).
        stop_reason: why the pre-copy stopped, in French.
    """

    model: str
    memory_mb: float
    bandwidth_mb_s: float
    dirty_rate_mb_s: float
    rounds: int
    data_per_round_mb: tuple[float, ...]
    transferred_mb: float
    total_time_s: float
    downtime_s: float
    converged: bool
    stop_reason: str

    @property
    def downtime_ms(self) -> float:
        """The downtime in milliseconds."""
        return self.downtime_s * 1000.0

    @property
    def ratio(self) -> float:
        """``λ = dirty rate / bandwidth``."""
        return self.dirty_rate_mb_s / self.bandwidth_mb_s

    def to_dict(self) -> dict[str, Any]:
        """Every figure, ready for JSON (``downtime_ms`` included)."""
        return {
            "model": self.model,
            "memory_mb": self.memory_mb,
            "bandwidth_mb_s": self.bandwidth_mb_s,
            "dirty_rate_mb_s": self.dirty_rate_mb_s,
            "rounds": self.rounds,
            "data_per_round_mb": list(self.data_per_round_mb),
            "transferred_mb": self.transferred_mb,
            "total_time_s": self.total_time_s,
            "downtime_ms": self.downtime_ms,
            "converged": self.converged,
            "stop_reason": self.stop_reason,
        }

    def to_table(self) -> Table:
        """One row per round (the last one is the stop-and-copy), in French."""
        last = len(self.data_per_round_mb) - 1
        rows = tuple(
            (
                index + 1,
                "arrêt et copie" if index == last else "pré-copie",
                round(data, 4),
                round(data / self.bandwidth_mb_s, 4),
            )
            for index, data in enumerate(self.data_per_round_mb)
        )
        return Table(
            columns=("tour", "phase", "données (Mo)", "durée (s)"),
            rows=rows,
            title=(
                f"Migration ({self.model}) : {self.transferred_mb:.2f} Mo en "
                f"{self.total_time_s:.2f} s, interruption {self.downtime_ms:.2f} ms"
            ),
        )

    def to_chart(self) -> VegaLiteChart:
        """A bar chart of the data sent in each round (stop-and-copy highlighted)."""
        last = len(self.data_per_round_mb) - 1
        values = [
            {
                "tour": index + 1,
                "données (Mo)": data,
                "phase": "arrêt et copie" if index == last else "pré-copie",
            }
            for index, data in enumerate(self.data_per_round_mb)
        ]
        return VegaLiteChart(
            {
                "description": "Données envoyées à chaque tour de la migration à chaud",
                "data": {"values": values},
                "mark": "bar",
                "encoding": {
                    "x": {"field": "tour", "type": "ordinal", "title": "Tour"},
                    "y": {
                        "field": "données (Mo)",
                        "type": "quantitative",
                        "title": "Données envoyées (Mo)",
                    },
                    "color": {"field": "phase", "type": "nominal", "title": "Phase"},
                },
            }
        )


def _fr(value: float) -> str:
    """A number written the French way (decimal comma)."""
    return f"{value:g}".replace(".", ",")


def _check(name: str, value: float, *, positive: bool = True) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(value):
        raise SimulationError(f"{name} invalide : {value!r}. Donnez un nombre.")
    if math.isinf(value):
        raise SimulationError(f"{name} invalide : {value!r}. Donnez un nombre fini.")
    if positive and value <= 0:
        raise SimulationError(
            f"{name} invalide : {_fr(value)}. Elle doit être strictement positive."
        )
    if not positive and value < 0:
        raise SimulationError(f"{name} invalide : {_fr(value)}. Elle ne peut pas être négative.")
    return float(value)


def _check_common(
    memory_mb: float, bandwidth_mb_s: float, dirty_rate_mb_s: float
) -> tuple[float, float, float]:
    return (
        _check("Taille mémoire (Mo)", memory_mb),
        _check("Bande passante (Mo/s)", bandwidth_mb_s),
        _check("Taux de salissure (Mo/s)", dirty_rate_mb_s, positive=False),
    )


def _check_rounds(max_rounds: int) -> None:
    if not isinstance(max_rounds, int) or isinstance(max_rounds, bool) or max_rounds < 1:
        raise SimulationError(
            f"Nombre maximal de tours invalide : {max_rounds!r}. Donnez un entier ≥ 1."
        )


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
    memory_mb, bandwidth_mb_s, dirty_rate_mb_s = _check_common(
        memory_mb, bandwidth_mb_s, dirty_rate_mb_s
    )
    _check("Seuil d'arrêt (Mo)", stop_threshold_mb, positive=False)
    _check_rounds(max_rounds)
    if max_data_factor is not None:
        _check("Facteur de données maximal", max_data_factor)
    _check("Temps de reprise (s)", resume_time_s, positive=False)
    cap = memory_mb if writable_working_set_mb is None else writable_working_set_mb
    _check("Ensemble de travail en écriture (Mo)", cap, positive=False)
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
    return _finish(
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


def _finish(
    model: str,
    memory_mb: float,
    bandwidth_mb_s: float,
    dirty_rate_mb_s: float,
    sent: list[float],
    last_mb: float,
    last_rate_mb_s: float,
    resume_time_s: float,
    converged: bool,
    reason: str,
    precopy_time_s: float,
) -> MigrationResult:
    downtime = last_mb / last_rate_mb_s + resume_time_s
    data = (*sent, last_mb)
    return MigrationResult(
        model=model,
        memory_mb=memory_mb,
        bandwidth_mb_s=bandwidth_mb_s,
        dirty_rate_mb_s=dirty_rate_mb_s,
        rounds=len(sent),
        data_per_round_mb=data,
        transferred_mb=sum(data),
        total_time_s=precopy_time_s + downtime,
        downtime_s=downtime,
        converged=converged,
        stop_reason=reason,
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
    memory_mb, bandwidth_mb_s, dirty_rate_mb_s = _check_common(
        memory_mb, bandwidth_mb_s, dirty_rate_mb_s
    )
    _check("Seuil d'arrêt (Mo)", stop_threshold_mb)
    _check_rounds(max_rounds)
    _check("Temps de reprise (s)", resume_time_s, positive=False)
    ratio = dirty_rate_mb_s / bandwidth_mb_s
    if ratio == 0:
        volumes = [memory_mb, 0.0]
        return _finish(
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
        volumes = [memory_mb] + [min(memory_mb * ratio**i, cap) for i in range(1, n + 1)]
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
    memory_mb, bandwidth_mb_s, dirty_rate_mb_s = _check_common(
        memory_mb, bandwidth_mb_s, dirty_rate_mb_s
    )
    cap = memory_mb if writable_working_set_mb is None else writable_working_set_mb
    _check("Ensemble de travail en écriture (Mo)", cap, positive=False)
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
    return _finish(
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
    _check("Interruption maximale (s)", max_downtime_s)
    return _relabel(
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


def _relabel(result: MigrationResult, model: str) -> MigrationResult:
    return MigrationResult(**{**result.__dict__, "model": model})


def cold_migration(
    memory_mb: float, bandwidth_mb_s: float, *, resume_time_s: float = 0.0
) -> MigrationResult:
    """Stop the VM, copy its memory, start it on the target: the whole copy is downtime.

    Args:
        memory_mb: the VM's memory, in MB.
        bandwidth_mb_s: the bandwidth, in MB/s.
        resume_time_s: time to resume (or boot) the VM on the target.

    Returns:
        The :class:`MigrationResult` (no pre-copy round).

    Raises:
        SimulationError: an input is invalid.
    """
    memory_mb, bandwidth_mb_s, _ = _check_common(memory_mb, bandwidth_mb_s, 0.0)
    return _finish(
        "cold",
        memory_mb,
        bandwidth_mb_s,
        0.0,
        [],
        memory_mb,
        bandwidth_mb_s,
        resume_time_s,
        True,
        "migration à froid",
        0.0,
    )


def postcopy(
    memory_mb: float,
    bandwidth_mb_s: float,
    *,
    cpu_state_mb: float = 1.0,
    resume_time_s: float = 0.0,
) -> MigrationResult:
    """Post-copy: send the CPU state, resume on the target, then pull the memory.

    The downtime is only the CPU state's transfer (plus resume); the memory crosses the link
    once, while the VM already runs on the target (slowed down by remote page faults).

    Args:
        memory_mb: the VM's memory, in MB.
        bandwidth_mb_s: the bandwidth, in MB/s.
        cpu_state_mb: registers and device state sent during the pause, in MB.
        resume_time_s: time to resume the VM on the target.

    Returns:
        The :class:`MigrationResult`: one round (the memory) after the pause.

    Raises:
        SimulationError: an input is invalid.
    """
    memory_mb, bandwidth_mb_s, _ = _check_common(memory_mb, bandwidth_mb_s, 0.0)
    _check("État du processeur (Mo)", cpu_state_mb, positive=False)
    downtime = cpu_state_mb / bandwidth_mb_s + resume_time_s
    return MigrationResult(
        model="postcopy",
        memory_mb=memory_mb,
        bandwidth_mb_s=bandwidth_mb_s,
        dirty_rate_mb_s=0.0,
        rounds=1,
        data_per_round_mb=(memory_mb, cpu_state_mb),
        transferred_mb=memory_mb + cpu_state_mb,
        total_time_s=downtime + memory_mb / bandwidth_mb_s,
        downtime_s=downtime,
        converged=True,
        stop_reason="post-copie : la mémoire suit la VM",
    )


def cloudsim_migration_time_s(ram_mb: float, bandwidth_mbps: float = 1000.0) -> float:
    """CloudSim's migration time: ``RAM / (bandwidth / 2)`` (half the link serves migrations).

    Args:
        ram_mb: the VM's RAM, in MB.
        bandwidth_mbps: the host's link, in Mbit/s (1 Gbit/s in the Beloglazov experiments).

    Returns:
        Seconds, e.g. 13.92 s for 870 MB at 1 Gbit/s.

    Raises:
        SimulationError: an input is not positive.
    """
    _check("Taille mémoire (Mo)", ram_mb)
    _check("Bande passante (Mbit/s)", bandwidth_mbps)
    return ram_mb / (bandwidth_mbps / (2 * 8))


def migrate(
    model: str,
    memory_mb: float,
    bandwidth_mb_s: float,
    dirty_rate_mb_s: float,
    *,
    stop_threshold_mb: float = 1.0,
    max_rounds: int = 30,
) -> MigrationResult:
    """Dispatch to one of :data:`MIGRATION_MODELS` by name.

    Args:
        model: ``precopy``, ``closed-form``, ``xen``, ``qemu``, ``cold`` or ``postcopy``.
        memory_mb: the VM's memory, in MB.
        bandwidth_mb_s: the bandwidth, in MB/s.
        dirty_rate_mb_s: the dirty rate, in MB/s.
        stop_threshold_mb: the stop threshold (``precopy``, ``closed-form``).
        max_rounds: the maximum number of rounds (``precopy``, ``closed-form``, ``qemu``).

    Returns:
        The :class:`MigrationResult`.

    Raises:
        SimulationError: unknown model or invalid input.
    """
    if model == "precopy":
        return precopy(
            memory_mb,
            bandwidth_mb_s,
            dirty_rate_mb_s,
            stop_threshold_mb=stop_threshold_mb,
            max_rounds=max_rounds,
        )
    if model == "closed-form":
        return closed_form(
            memory_mb,
            bandwidth_mb_s,
            dirty_rate_mb_s,
            stop_threshold_mb=stop_threshold_mb,
            max_rounds=max_rounds,
        )
    if model == "xen":
        return xen_precopy(memory_mb, bandwidth_mb_s, dirty_rate_mb_s)
    if model == "qemu":
        return qemu_precopy(memory_mb, bandwidth_mb_s, dirty_rate_mb_s, max_rounds=max_rounds)
    if model == "cold":
        _check("Taux de salissure (Mo/s)", dirty_rate_mb_s, positive=False)
        return cold_migration(memory_mb, bandwidth_mb_s)
    if model == "postcopy":
        _check("Taux de salissure (Mo/s)", dirty_rate_mb_s, positive=False)
        return postcopy(memory_mb, bandwidth_mb_s)
    raise SimulationError(
        f"Modèle de migration inconnu : {model!r}. Choisissez parmi : "
        + ", ".join(MIGRATION_MODELS)
        + "."
    )
