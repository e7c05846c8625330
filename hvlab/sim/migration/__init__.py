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
× 1.048576 (:func:`hvlab.sim.core.units.mib_to_mb`); the storage model converts GiB the same way
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

from hvlab.errors import SimulationError
from hvlab.sim.migration.alternatives import cloudsim_migration_time_s, cold_migration, postcopy
from hvlab.sim.migration.precopy import closed_form, precopy, qemu_precopy, xen_precopy
from hvlab.sim.migration.result import MigrationResult, check_positive

#: Names accepted by :func:`migrate` (and ``hvlab sim migrate --model``).
MIGRATION_MODELS: tuple[str, ...] = ("precopy", "closed-form", "xen", "qemu", "cold", "postcopy")


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
        check_positive("Taux de salissure (Mo/s)", dirty_rate_mb_s, positive=False)
        return cold_migration(memory_mb, bandwidth_mb_s)
    if model == "postcopy":
        check_positive("Taux de salissure (Mo/s)", dirty_rate_mb_s, positive=False)
        return postcopy(memory_mb, bandwidth_mb_s)
    raise SimulationError(
        f"Modèle de migration inconnu : {model!r}. Choisissez parmi : "
        + ", ".join(MIGRATION_MODELS)
        + "."
    )
