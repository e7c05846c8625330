"""Power models of physical servers.

Two models are provided, both as frozen dataclasses with a ``power_w(utilisation)`` method:

* :class:`LinearPowerModel`: ``P(u) = P_idle + (P_max - P_idle) * u``.
* :class:`SpecPowerModel`: a SPECpower table of watts at 0 %, 10 %, …, 100 % CPU, linearly
  interpolated in between, as CloudSim's ``PowerModelSpecPower`` does.

The two tables CloudSim uses for the Beloglazov & Buyya experiments are :data:`HP_ML110_G4` and
:data:`HP_ML110_G5` (figures in REFERENCES.md). Unlike CloudSim's ``PowerModelLinear``, which
returns 0 W at 0 % (it treats an idle host as switched off), these models return the idle power
for a host that is on: switching a host off is the caller's decision (CloudSim Plus does the same).

Example:
    >>> HP_ML110_G4.power_w(0.25)
    94.3
"""

from __future__ import annotations

__all__ = [
    "HP_ML110_G4",
    "HP_ML110_G5",
    "LinearPowerModel",
    "PowerModel",
    "SpecPowerModel",
    "energy_kwh",
    "power_table",
    "spec_power_w",
]

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from hvlab.errors import SimulationError


class PowerModel(Protocol):
    """Anything that tells the power a server draws at a CPU utilisation in [0, 1]."""

    @property
    def idle_w(self) -> float: ...

    @property
    def max_w(self) -> float: ...

    def power_w(self, utilisation: float) -> float: ...


def _check_utilisation(utilisation: float) -> float:
    if not isinstance(utilisation, (int, float)) or math.isnan(utilisation):
        raise SimulationError(
            f"Taux d'utilisation invalide : {utilisation!r}. Donnez un nombre entre 0 et 1 "
            "(0,25 pour 25 %)."
        )
    if utilisation < 0 or utilisation > 1:
        raise SimulationError(
            f"Taux d'utilisation hors limites : {utilisation!r}. Il doit être compris entre 0 et 1 "
            "(0,25 pour 25 %, et non 25)."
        )
    return float(utilisation)


@dataclass(frozen=True)
class LinearPowerModel:
    """Power grows linearly from ``idle_w`` at 0 % to ``max_w`` at 100 % CPU.

    Args:
        max_w: power at full load, in watts.
        idle_w: power of an idle server that is on, in watts.

    Example:
        >>> LinearPowerModel(max_w=250, idle_w=0.7 * 250).power_w(0.5)
        212.5
    """

    max_w: float
    idle_w: float

    def __post_init__(self) -> None:
        if self.max_w <= 0:
            raise SimulationError(
                f"Puissance maximale invalide : {self.max_w!r} W. Elle doit être positive."
            )
        if self.idle_w < 0 or self.idle_w > self.max_w:
            raise SimulationError(
                f"Puissance au repos invalide : {self.idle_w!r} W. Elle doit être comprise entre 0 "
                f"et la puissance maximale ({self.max_w} W)."
            )

    @classmethod
    def from_idle_fraction(cls, max_w: float, idle_fraction: float) -> LinearPowerModel:
        """Build the model from the peak power and the idle share of it (e.g. 0.7)."""
        return cls(max_w=max_w, idle_w=max_w * idle_fraction)

    def power_w(self, utilisation: float) -> float:
        """Power drawn at ``utilisation`` (a fraction in [0, 1]), in watts."""
        u = _check_utilisation(utilisation)
        return self.idle_w + (self.max_w - self.idle_w) * u


@dataclass(frozen=True)
class SpecPowerModel:
    """A SPECpower table: watts at 0 %, 10 %, …, 100 % CPU, linear in between.

    Args:
        name: the server's name.
        watts: eleven figures, at 0, 10, …, 100 % CPU.
    """

    name: str
    watts: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.watts) != 11:
            raise SimulationError(
                f"Table SPECpower « {self.name} » : {len(self.watts)} valeurs au lieu de 11 "
                "(puissances à 0, 10, …, 100 % de charge)."
            )
        if any(b < a for a, b in zip(self.watts, self.watts[1:], strict=False)):
            raise SimulationError(
                f"Table SPECpower « {self.name} » : les puissances doivent croître avec la charge."
            )

    @property
    def idle_w(self) -> float:
        """Power at 0 % CPU, in watts."""
        return self.watts[0]

    @property
    def max_w(self) -> float:
        """Power at 100 % CPU, in watts."""
        return self.watts[10]

    def power_w(self, utilisation: float) -> float:
        """Power drawn at ``utilisation`` (a fraction in [0, 1]), in watts."""
        return spec_power_w(self.watts, _check_utilisation(utilisation))


def spec_power_w(watts: Sequence[float], utilisation: float) -> float:
    """Interpolate a SPECpower table (watts at 0, 10, …, 100 % CPU) at ``utilisation``.

    The one interpolation of the package, with the floating-point steps of CloudSim 3.0.3's
    ``PowerModelSpecPower.getPower`` (a table entry when ``utilisation × 10`` is whole, else
    ``P₁ + (P₂ − P₁) / 10 × (u − ⌊10u⌋ / 10) × 100``), so that the dynamic engine reproduces
    CloudSim's energy to the last digit. Unchecked (the engine calls it millions of times):
    a value above 1, which rounding can produce, counts as 1.

    Example:
        >>> spec_power_w(HP_ML110_G5.watts, 0.25)
        103.0
    """
    if utilisation > 1.0:
        utilisation = 1.0
    scaled = utilisation * 10
    low = int(scaled)
    if low == scaled:
        return watts[low]
    p1 = watts[low]
    return p1 + (watts[low + 1] - p1) / 10 * (utilisation - low / 10) * 100


def power_table(model: PowerModel) -> tuple[float, ...]:
    """The eleven-point table (0, 10, …, 100 % CPU) of any power model.

    A SPECpower model gives its own table; another model is sampled, which for a linear model
    loses nothing (interpolating a straight line between its points gives the line back).

    Example:
        >>> power_table(LinearPowerModel(max_w=200, idle_w=100))[5]
        150.0
    """
    if isinstance(model, SpecPowerModel):
        return tuple(float(w) for w in model.watts)
    return tuple(float(model.power_w(i / 10)) for i in range(11))


#: HP ProLiant ML110 G4 (Intel Xeon 3040).
#: CloudSim: ``PowerModelSpecPowerHpProLiantMl110G4Xeon3040``.
HP_ML110_G4 = SpecPowerModel(
    "HP ProLiant ML110 G4 (Xeon 3040)",
    (86.0, 89.4, 92.6, 96.0, 99.5, 102.0, 106.0, 108.0, 112.0, 114.0, 117.0),
)

#: HP ProLiant ML110 G5 (Intel Xeon 3075).
#: CloudSim: ``PowerModelSpecPowerHpProLiantMl110G5Xeon3075``.
HP_ML110_G5 = SpecPowerModel(
    "HP ProLiant ML110 G5 (Xeon 3075)",
    (93.7, 97.0, 101.0, 105.0, 110.0, 116.0, 121.0, 125.0, 129.0, 133.0, 135.0),
)


def energy_kwh(power_w: float, hours: float) -> float:
    """Energy of a constant ``power_w`` drawn for ``hours``, in kWh.

    Example:
        >>> energy_kwh(100_800, 24)
        2419.2
    """
    return power_w * hours / 1000.0
