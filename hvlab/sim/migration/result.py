"""The outcome of a live migration, and the checks every migration model applies to its inputs."""

from __future__ import annotations

__all__ = ["MigrationResult"]

import math
from dataclasses import dataclass
from typing import Any

from hvlab.errors import SimulationError
from hvlab.fr import number
from hvlab.sim.display.values import Table, VegaLiteChart


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


def check_positive(name: str, value: float, *, positive: bool = True) -> float:
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


def check_common(
    memory_mb: float, bandwidth_mb_s: float, dirty_rate_mb_s: float
) -> tuple[float, float, float]:
    return (
        check_positive("Taille mémoire (Mo)", memory_mb),
        check_positive("Bande passante (Mo/s)", bandwidth_mb_s),
        check_positive("Taux de salissure (Mo/s)", dirty_rate_mb_s, positive=False),
    )


#: The most pre-copy rounds a model accepts (real hypervisors stop after a few dozen).
MAX_ROUNDS = 10_000


def check_rounds(max_rounds: int) -> None:
    if (
        not isinstance(max_rounds, int)
        or isinstance(max_rounds, bool)
        or not 1 <= max_rounds <= MAX_ROUNDS
    ):
        raise SimulationError(
            f"Nombre maximal de tours invalide : {max_rounds!r}. Donnez un entier entre 1 et "
            f"{number(MAX_ROUNDS, 0)}."
        )


def relabel(result: MigrationResult, model: str) -> MigrationResult:
    """``result`` under another model's name (a model defined through another one)."""
    return MigrationResult(**{**result.__dict__, "model": model})


def finish_rounds(
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
    """The result of a migration that sent ``sent`` while running, then ``last_mb`` paused."""
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
