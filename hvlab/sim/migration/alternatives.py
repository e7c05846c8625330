"""Migrations without pre-copy: cold migration, post-copy, and CloudSim's migration-time rule."""

from __future__ import annotations

__all__ = ["cloudsim_migration_time_s", "cold_migration", "postcopy"]

from hvlab.sim.migration.result import MigrationResult, check_common, check_positive, finish_rounds


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
    memory_mb, bandwidth_mb_s, _ = check_common(memory_mb, bandwidth_mb_s, 0.0)
    return finish_rounds(
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
    memory_mb, bandwidth_mb_s, _ = check_common(memory_mb, bandwidth_mb_s, 0.0)
    check_positive("État du processeur (Mo)", cpu_state_mb, positive=False)
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
    check_positive("Taille mémoire (Mo)", ram_mb)
    check_positive("Bande passante (Mbit/s)", bandwidth_mbps)
    return ram_mb / (bandwidth_mbps / (2 * 8))
