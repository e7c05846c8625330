"""Vérifications de l'étape 4 : migration à froid ou à chaud, sur 1 ou 10 Gbit/s."""

import math

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_type
from hvlab.sim import MigrationResult, precopy

M = 8000.0
D = 40.0
# 1 Gbit/s = 1000 Mbit/s = 1000 / 8 Mo/s.
R_1G = 125.0
R_10G = 1250.0
# À la main : à froid, toute la mémoire part VM arrêtée : 8000 / 125 = 64 s, 8000 / 1250 = 6,4 s.
FROID_S = {"froid_1g": 64.0, "froid_10g": 6.4}
CHAUD = {"chaud_1g": precopy(M, R_1G, D), "chaud_10g": precopy(M, R_10G, D)}
# CloudSim : RAM / (débit / 2), le débit de 1000 Mbit/s valant 125 Mo/s : 8000 / 62,5 = 128 s.
CLOUDSIM_S = 128.0


def check_debits(ns: dict[str, object]) -> None:
    """Les débits en Mo/s"""
    for name, expected in (("r_1g", R_1G), ("r_10g", R_10G)):
        expect_close(
            expect_number(ns, name),
            expected,
            what=f"« {name} »",
            unit="Mo/s",
            mistakes={
                expected * 8: (
                    "ce sont des Mbit/s ; divisez par 8 (un octet fait 8 bits) pour avoir des Mo/s"
                ),
                expected * 1.024: "en réseau, 1 Gbit/s vaut 1 000 Mbit/s (pas 1 024)",
                expected / 1000: "ce sont des Go/s ; on attend des Mo/s",
            },
        )


def _result(ns: dict[str, object], name: str, model: str, call: str) -> MigrationResult:
    value = expect_type(ns, name, MigrationResult, f"le résultat de {call}")
    assert value.model == model, f"{name} vient du modèle « {value.model} » : appelez {call}."
    expected_rate = R_10G if name.endswith("10g") else R_1G
    assert math.isclose(value.bandwidth_mb_s, expected_rate), (
        f"{name} simule un lien de {significant(value.bandwidth_mb_s, 6)} Mo/s, on attend "
        f"{significant(expected_rate, 6)} Mo/s "
        f"({'r_10g' if expected_rate == R_10G else 'r_1g'})."
    )
    assert value.memory_mb == M, (
        f"{name} simule une VM de {significant(value.memory_mb, 6)} Mo, on attend M = "
        f"{significant(M, 6)} Mo."
    )
    return value


def check_a_froid(ns: dict[str, object]) -> None:
    """Les migrations à froid : toute la copie est une interruption"""
    for name, expected in FROID_S.items():
        result = _result(ns, name, "cold", "cold_migration(M, débit)")
        expect_close(result.downtime_s, expected, what=f"l'interruption de {name}", unit="s")


def check_a_chaud(ns: dict[str, object]) -> None:
    """Les migrations à chaud : quelques millisecondes d'interruption"""
    for name, expected in CHAUD.items():
        result = _result(ns, name, "precopy", "precopy(M, débit, D)")
        assert math.isclose(result.dirty_rate_mb_s, D), (
            f"{name} simule un taux de salissure de {significant(result.dirty_rate_mb_s, 6)} "
            "Mo/s, on attend "
            f"D = {significant(D, 6)} Mo/s."
        )
        expect_close(
            result.downtime_ms, expected.downtime_ms, what=f"l'indisponibilité de {name}", unit="ms"
        )
        assert result.downtime_s < 0.01, (
            f"{name} s'interrompt {significant(result.downtime_ms, 6)} ms, on attend moins de 10 "
            "ms."
        )


def check_cloudsim(ns: dict[str, object]) -> None:
    """L'estimation de CloudSim"""
    expect_close(
        expect_number(ns, "cloudsim_s"),
        CLOUDSIM_S,
        what="« cloudsim_s »",
        unit="s",
        mistakes={CLOUDSIM_S / 8: "le débit se donne en Mbit/s (1 000), pas en Mo/s"},
    )
