"""Physical servers: cores, per-core speed, RAM, NICs, rack space, price and a power model.

A `ServerModel` is a *model* of server (a catalogue entry), not a machine in a rack: a
datacentre holds `Host` objects built from a model.

CPU speed is given in MHz per core. Like CloudSim, the simulator treats one MHz as one MIPS
(CloudSim's HP ML110 G4 host has 2 cores × 1860 MIPS for a Xeon 3040 at 1.86 GHz), so capacities
can be added and compared across models: ``total_mhz = cores × core_mhz``.

The catalogue (`SERVER_MODELS`, `get_server_model`) holds the two servers of the
CloudSim experiments, with their SPECpower tables (REFERENCES.md), and three generic servers whose
figures are **teaching assumptions** (orders of magnitude for the 2020s, not a vendor's data
sheet; each docstring says so).

Examples:
    >>> g4 = get_server_model("hp-ml110-g4")
    >>> g4.cores, g4.core_mhz, g4.total_mhz
    (2, 1860.0, 3720.0)
    >>> g4.power_w(0.25)
    94.3
"""

from __future__ import annotations

__all__ = [
    "ENTRY_1U",
    "HP_ML110_G4_SERVER",
    "HP_ML110_G5_SERVER",
    "RACK_1U",
    "RACK_2U",
    "SERVER_MODELS",
    "ServerModel",
    "get_server_model",
]

from dataclasses import dataclass

from hvlab.errors import SimulationError
from hvlab.sim.core.power import HP_ML110_G4, HP_ML110_G5, LinearPowerModel, PowerModel


@dataclass(frozen=True)
class ServerModel:
    """A model of physical server.

    Args:
        name: the model's name, shown to students.
        cores: physical CPU cores (all sockets together).
        core_mhz: speed of one core in MHz (treated as MIPS, as CloudSim does).
        ram_gib: installed memory, in GiB.
        power: how many watts the server draws at a CPU utilisation in [0, 1].
        nics: number of network ports.
        nic_gbps: speed of one network port, in Gbit/s.
        rack_units: height in a 19-inch rack (1 U = 44.45 mm); a tower counts the space it takes
            on a rack shelf.
        price_eur: purchase price, in euros (excluding tax).
        disk_gib: local disk capacity, in GiB (0 when the server boots from the network).

    Raises:
        SimulationError: a figure is not positive (in French, naming the value).
    """

    name: str
    cores: int
    core_mhz: float
    ram_gib: float
    power: PowerModel
    nics: int = 2
    nic_gbps: float = 1.0
    rack_units: int = 1
    price_eur: float = 0.0
    disk_gib: float = 0.0

    def __post_init__(self) -> None:
        checks: tuple[tuple[str, float, bool], ...] = (
            ("nombre de cœurs", self.cores, self.cores >= 1),
            ("fréquence par cœur (MHz)", self.core_mhz, self.core_mhz > 0),
            ("mémoire (Gio)", self.ram_gib, self.ram_gib > 0),
            ("nombre de cartes réseau", self.nics, self.nics >= 0),
            ("débit d'une carte réseau (Gbit/s)", self.nic_gbps, self.nic_gbps > 0),
            ("hauteur en unités de baie (U)", self.rack_units, self.rack_units >= 1),
            ("prix (€)", self.price_eur, self.price_eur >= 0),
            ("capacité disque locale (Gio)", self.disk_gib, self.disk_gib >= 0),
        )
        for label, value, ok in checks:
            if not ok:
                raise SimulationError(
                    f"Modèle de serveur « {self.name} » : {label} invalide ({value!r}). "
                    "Donnez une valeur positive."
                )

    @property
    def total_mhz(self) -> float:
        """CPU capacity of the whole server, in MHz (= MIPS): ``cores × core_mhz``."""
        return self.cores * self.core_mhz

    @property
    def core_mips(self) -> float:
        """Speed of one core in MIPS (equal to its MHz, the CloudSim convention)."""
        return self.core_mhz

    @property
    def ram_mib(self) -> int:
        """Installed memory, in MiB."""
        return round(self.ram_gib * 1024)

    def power_w(self, utilisation: float) -> float:
        """Power drawn at a CPU ``utilisation`` in [0, 1], in watts."""
        return self.power.power_w(utilisation)

    def to_dict(self) -> dict[str, object]:
        """The model's figures, ready for JSON."""
        return {
            "name": self.name,
            "cores": self.cores,
            "core_mhz": self.core_mhz,
            "ram_gib": self.ram_gib,
            "nics": self.nics,
            "nic_gbps": self.nic_gbps,
            "rack_units": self.rack_units,
            "price_eur": self.price_eur,
            "disk_gib": self.disk_gib,
            "idle_w": self.power.idle_w,
            "max_w": self.power.max_w,
        }


#: HP ProLiant ML110 G4 as CloudSim models it: 2 cores × 1860 MIPS, 4096 MB, 1 Gbit/s, SPECpower
#: table of REFERENCES.md. The ML110 is a tower: it is counted as 4 U of shelf space; its price
#: (800 €) and its 160 GiB disk are teaching assumptions for an entry server of 2007.
HP_ML110_G4_SERVER = ServerModel(
    name="HP ProLiant ML110 G4 (Xeon 3040)",
    cores=2,
    core_mhz=1860.0,
    ram_gib=4.0,
    power=HP_ML110_G4,
    nics=1,
    nic_gbps=1.0,
    rack_units=4,
    price_eur=800.0,
    disk_gib=160.0,
)

#: HP ProLiant ML110 G5 as CloudSim models it: 2 cores × 2660 MIPS, 4096 MB, 1 Gbit/s, SPECpower
#: table of REFERENCES.md. Tower counted as 4 U; price (900 €) and 250 GiB disk are teaching
#: assumptions.
HP_ML110_G5_SERVER = ServerModel(
    name="HP ProLiant ML110 G5 (Xeon 3075)",
    cores=2,
    core_mhz=2660.0,
    ram_gib=4.0,
    power=HP_ML110_G5,
    nics=1,
    nic_gbps=1.0,
    rack_units=4,
    price_eur=900.0,
    disk_gib=250.0,
)

#: Entry 1U server, one socket: the typical "one application per server" machine.
#: Teaching assumption: 8 cores × 3000 MHz, 32 GiB, 2 × 1 Gbit/s, 2 × 480 GiB of disk, 1 U,
#: 3 000 €; linear power with 60 W idle and 150 W at full load (an idle server draws a large
#: share of its peak, after Barroso & Hölzle 2007).
ENTRY_1U = ServerModel(
    name="Serveur d'entrée de gamme 1 U (1 processeur)",
    cores=8,
    core_mhz=3000.0,
    ram_gib=32.0,
    power=LinearPowerModel(max_w=150.0, idle_w=60.0),
    nics=2,
    nic_gbps=1.0,
    rack_units=1,
    price_eur=3000.0,
    disk_gib=960.0,
)

#: Dual-socket 1U virtualisation host. Teaching assumption: 2 × 16 cores × 2600 MHz, 256 GiB,
#: 4 × 10 Gbit/s, a 2 × 240 GiB boot mirror (VMs live on shared storage), 1 U, 10 000 €; linear
#: power 120 W idle, 400 W at full load.
RACK_1U = ServerModel(
    name="Hôte de virtualisation 1 U (2 processeurs)",
    cores=32,
    core_mhz=2600.0,
    ram_gib=256.0,
    power=LinearPowerModel(max_w=400.0, idle_w=120.0),
    nics=4,
    nic_gbps=10.0,
    rack_units=1,
    price_eur=10000.0,
    disk_gib=240.0,
)

#: Dual-socket 2U virtualisation host with more cores and memory. Teaching assumption:
#: 2 × 32 cores × 2400 MHz, 512 GiB, 4 × 25 Gbit/s, a 2 × 240 GiB boot mirror, 2 U, 18 000 €;
#: linear power 180 W idle, 600 W at full load.
RACK_2U = ServerModel(
    name="Hôte de virtualisation 2 U (2 processeurs)",
    cores=64,
    core_mhz=2400.0,
    ram_gib=512.0,
    power=LinearPowerModel(max_w=600.0, idle_w=180.0),
    nics=4,
    nic_gbps=25.0,
    rack_units=2,
    price_eur=18000.0,
    disk_gib=240.0,
)

#: The catalogue, by short identifier (as used on the command line and in scenarios).
SERVER_MODELS: dict[str, ServerModel] = {
    "hp-ml110-g4": HP_ML110_G4_SERVER,
    "hp-ml110-g5": HP_ML110_G5_SERVER,
    "entry-1u": ENTRY_1U,
    "rack-1u": RACK_1U,
    "rack-2u": RACK_2U,
}


def get_server_model(identifier: str) -> ServerModel:
    """Look up a server model of the catalogue by its identifier (e.g. ``"rack-2u"``).

    Args:
        identifier: a key of `SERVER_MODELS`.

    Returns:
        The server model.

    Raises:
        SimulationError: unknown identifier (the message lists the known ones).
    """
    try:
        return SERVER_MODELS[identifier]
    except KeyError:
        known = ", ".join(sorted(SERVER_MODELS))
        raise SimulationError(
            f"Modèle de serveur inconnu : « {identifier} ». Modèles disponibles : {known}."
        ) from None
