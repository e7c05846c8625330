"""Loading workload traces from CSV files, PlanetLab's included.

Two formats:

* **PlanetLab day file** (`load_planetlab`), as in ``../shared/data/planetlab/DAY.csv``: a
  header ``vm,t0,t300,…``, then one row per VM: its name and its CPU utilisation in integer
  percentages (0–100), one every 300 s (288 per day). These are the CoMon traces CloudSim ships.
  CloudSim's own layout — one file per VM, one integer percentage per line, no header — is read
  by `load_trace_csv`.
* **Generic trace** (`load_trace_csv`): a header naming the columns ``cpu`` (fraction 0–1)
  or ``cpu_percent`` (0–100), optionally ``ram`` (fraction) and ``time_s`` (seconds, evenly
  spaced); or no header and one percentage per line.

A malformed file raises `SimulationError` whose French message names the
file, the line and the value. Loading is fast: the 1,052 VMs of a PlanetLab day load in a fraction
of a second.

Examples:
    >>> import io
    >>> day = load_planetlab(io.StringIO("vm,t0,t300\\nweb,10,30\\n"), name="jour.csv")
    >>> day[0].name, day[0].cpu, day[0].interval_s
    ('web', (0.1, 0.3), 300.0)
"""

from __future__ import annotations

__all__ = [
    "TraceStatistics",
    "load_planetlab",
    "load_trace_csv",
    "trace_statistics",
]

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from hvlab.errors import SimulationError
from hvlab.sim.core.workload import Workload

#: Percent → fraction, precomputed (PlanetLab values are integers 0–100).
_PERCENT = tuple(i / 100 for i in range(101))

PathOrFile = str | os.PathLike[str] | TextIO


def _read(source: PathOrFile, name: str) -> tuple[str, str]:
    if isinstance(source, (str, os.PathLike)):
        label = name or os.fspath(source)
        try:
            with open(source, encoding="utf-8") as handle:
                return handle.read(), label
        except FileNotFoundError:
            raise SimulationError(
                f"Fichier de traces introuvable : « {label} ». Vérifiez le chemin (un CSV "
                "PlanetLab : une ligne par VM)."
            ) from None
        except IsADirectoryError:
            raise SimulationError(
                f"« {label} » est un dossier : donnez le chemin d'un fichier CSV de traces."
            ) from None
        except OSError:
            raise SimulationError(
                f"Impossible de lire le fichier de traces « {label} » (droits d'accès ?). "
                "Vérifiez le chemin et les droits."
            ) from None
        except UnicodeDecodeError:
            raise SimulationError(
                f"Fichier de traces « {label} » : ce n'est pas un texte UTF-8. Donnez un fichier "
                "CSV."
            ) from None
    return source.read(), name or getattr(source, "name", "<texte>")


def _bad_value(label: str, line_no: int, column: int, value: str, expected: str) -> SimulationError:
    return SimulationError(
        f"Fichier « {label} », ligne {line_no}, colonne {column} : valeur « {value} » invalide ; "
        f"attendu {expected}. Corrigez cette valeur."
    )


def _interval_from_header(header: list[str], label: str) -> float:
    """Interval from the PlanetLab header ``vm,t0,t300,…`` (300 s when absent)."""
    if len(header) >= 3 and header[1].startswith("t") and header[2].startswith("t"):
        try:
            step = float(header[2][1:]) - float(header[1][1:])
        except ValueError:
            return 300.0
        if step > 0:
            return step
        raise SimulationError(
            f"Fichier « {label} », ligne 1 : en-tête « {header[1]},{header[2]} » dont les instants "
            "ne croissent pas. Les colonnes doivent être t0, t300, t600…"
        )
    return 300.0


def load_planetlab(
    source: PathOrFile,
    *,
    limit: int | None = None,
    name: str = "",
) -> list[Workload]:
    """Load a PlanetLab day file: one workload per VM, in file order.

    Args:
        source: a path or an open text file.
        limit: load only the first ``limit`` VMs.
        name: the file name to show in error messages (defaults to the path).

    Returns:
        One `Workload` per row, CPU as fractions, named after the VM.

    Raises:
        SimulationError: unreadable or empty file, a value that is not an integer between 0 and
            100, or rows of unequal length (French message naming the file, line and value).
    """
    text, label = _read(source, name)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise SimulationError(
            f"Fichier de traces « {label} » vide : il faut un en-tête « vm,t0,t300,… » puis une "
            "ligne par VM."
        )
    header = lines[0].split(",")
    has_header = header[0].strip().lower() == "vm"
    interval_s = _interval_from_header(header, label) if has_header else 300.0
    expected = len(header) - 1 if has_header else 0
    workloads: list[Workload] = []
    percent = _PERCENT
    for line_no, line in enumerate(
        lines[1:] if has_header else lines, start=2 if has_header else 1
    ):
        if limit is not None and len(workloads) >= limit:
            break
        if not line.strip():
            continue
        cells = line.split(",")
        vm_name = cells[0].strip()
        raw = cells[1:]
        if expected and len(raw) != expected:
            raise SimulationError(
                f"Fichier « {label} », ligne {line_no} (VM « {vm_name} ») : {len(raw)} valeur(s) "
                f"au lieu des {expected} annoncées par l'en-tête. Complétez ou corrigez la ligne."
            )
        if not raw:
            raise SimulationError(
                f"Fichier « {label} », ligne {line_no} : la VM « {vm_name} » n'a aucune valeur."
            )
        expected = expected or len(raw)
        try:
            values = list(map(int, raw))
        except ValueError:
            values = []
        if len(values) != len(raw) or min(values) < 0 or max(values) > 100:
            for column, cell in enumerate(raw, start=2):
                try:
                    number = int(cell)
                except ValueError:
                    number = -1
                if not 0 <= number <= 100:
                    raise _bad_value(
                        label, line_no, column, cell, "un pourcentage entier entre 0 et 100"
                    ) from None
        workloads.append(
            Workload(
                cpu=tuple(map(percent.__getitem__, values)),
                interval_s=interval_s,
                name=vm_name,
            )
        )
    if not workloads:
        raise SimulationError(
            f"Fichier de traces « {label} » : aucune VM après l'en-tête. Ajoutez une ligne par VM."
        )
    return workloads


def load_trace_csv(
    source: PathOrFile,
    *,
    interval_s: float = 300.0,
    name: str = "",
) -> Workload:
    """Load one workload from a CSV file.

    With a header, the columns ``cpu`` (fraction 0–1) or ``cpu_percent`` (0–100) give the CPU,
    ``ram`` (fraction, optional) the memory, and ``time_s`` (optional) the instants, evenly
    spaced: their step sets the interval. Without a header (the first cell is a number), each line
    holds one CPU percentage, as in CloudSim's PlanetLab files.

    Args:
        source: a path or an open text file.
        interval_s: seconds between samples when no ``time_s`` column gives it.
        name: the file name to show in error messages and to name the workload.

    Returns:
        The workload.

    Raises:
        SimulationError: empty file, no CPU column, a value that is not a number in range, or
            uneven time steps (French message naming the file, line and value).
    """
    text, label = _read(source, name)
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        raise SimulationError(
            f"Fichier de traces « {label} » vide : il faut une colonne « cpu » (0–1) ou "
            "« cpu_percent » (0–100), ou un pourcentage par ligne."
        )
    first = lines[0][1].split(",")
    try:
        float(first[0])
        header: list[str] = []
    except ValueError:
        header = [cell.strip().lower() for cell in first]
        lines = lines[1:]
    if header:
        if "cpu" in header:
            cpu_col, scale, cpu_expected = header.index("cpu"), 1.0, "une fraction entre 0 et 1"
        elif "cpu_percent" in header:
            cpu_col, scale = header.index("cpu_percent"), 100.0
            cpu_expected = "un pourcentage entre 0 et 100"
        else:
            raise SimulationError(
                f"Fichier « {label} », ligne 1 : en-tête « {','.join(first)} » sans colonne "
                "« cpu » ni « cpu_percent ». Ajoutez l'une des deux."
            )
        ram_col = header.index("ram") if "ram" in header else -1
        time_col = header.index("time_s") if "time_s" in header else -1
    else:
        cpu_col, scale, cpu_expected, ram_col, time_col = (
            0, 100.0, "un pourcentage entre 0 et 100", -1, -1,
        )  # fmt: skip
    cpu: list[float] = []
    ram: list[float] = []
    times: list[float] = []
    for line_no, line in lines:
        cells = line.split(",")
        for column, target, divisor, expected in (
            (cpu_col, cpu, scale, cpu_expected),
            (ram_col, ram, 1.0, "une fraction entre 0 et 1"),
            (time_col, times, 0.0, "un nombre de secondes"),
        ):
            if column < 0:
                continue
            cell = cells[column].strip() if column < len(cells) else ""
            try:
                value = float(cell)
            except ValueError:
                raise _bad_value(label, line_no, column + 1, cell, expected) from None
            if divisor:
                value /= divisor
                if not 0.0 <= value <= 1.0:
                    raise _bad_value(label, line_no, column + 1, cell, expected)
            elif not math.isfinite(value):
                raise _bad_value(label, line_no, column + 1, cell, expected)
            target.append(value)
    if not cpu:
        raise SimulationError(f"Fichier de traces « {label} » : aucune valeur après l'en-tête.")
    if len(times) >= 2:
        interval_s = times[1] - times[0]
        for (line_no, _), previous, current in zip(lines[1:], times, times[1:], strict=False):
            if not math.isclose(current - previous, interval_s, rel_tol=1e-6) or interval_s <= 0:
                raise SimulationError(
                    f"Fichier « {label} », ligne {line_no} : instant {current} s ; les instants "
                    f"doivent être régulièrement espacés (pas de {interval_s} s attendu)."
                )
    return Workload(cpu=tuple(cpu), ram=tuple(ram), interval_s=interval_s, name=name or label)


@dataclass(frozen=True)
class TraceStatistics:
    """Summary of a set of traces (every sample of every VM pooled).

    Attributes:
        vms: number of workloads.
        samples: number of samples in all.
        mean_percent: mean CPU utilisation, in %.
        sd_percent: population standard deviation of the CPU utilisation, in %.
    """

    vms: int
    samples: int
    mean_percent: float
    sd_percent: float

    def to_dict(self) -> dict[str, float | int]:
        """The summary, ready for JSON."""
        return {
            "vms": self.vms,
            "samples": self.samples,
            "mean_percent": self.mean_percent,
            "sd_percent": self.sd_percent,
        }


def trace_statistics(workloads: Sequence[Workload]) -> TraceStatistics:
    """Mean and standard deviation of the CPU utilisation over every sample of ``workloads``.

    Raises:
        SimulationError: no workload given.
    """
    if not workloads:
        raise SimulationError("Aucune trace : chargez au moins une charge de travail.")
    count = sum(len(w.cpu) for w in workloads)
    mean = math.fsum(math.fsum(w.cpu) for w in workloads) / count
    variance = math.fsum(math.fsum((c - mean) ** 2 for c in w.cpu) for w in workloads) / count
    return TraceStatistics(len(workloads), count, 100 * mean, 100 * math.sqrt(variance))
