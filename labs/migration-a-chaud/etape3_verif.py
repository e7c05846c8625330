"""Vérifications de l'étape 3 : non-convergence (λ > 1) et règles d'arrêt de Xen et de QEMU."""

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_type, expect_var
from hvlab.sim import MigrationResult

M = 1000.0
R = 125.0
R_10G = 1250.0
D = 150.0
# À la main : λ = 150 / 125 = 1,2 ; arrêt forcé avec toute la mémoire sale : 1000 / 125 = 8 s.
LAMBDA = 1.2
PREVISION_S = 8.0

#: variable → (modèle attendu, fonction à appeler, débit du lien)
ATTENDUS: dict[str, tuple[str, str, float]] = {
    "generique": ("precopy", "precopy", R),
    "xen": ("xen", "xen_precopy", R),
    "qemu": ("qemu", "qemu_precopy", R),
    "xen_10g": ("xen", "xen_precopy", R_10G),
    "qemu_10g": ("qemu", "qemu_precopy", R_10G),
}


def check_lambda(ns: dict[str, object]) -> None:
    """λ dépasse 1"""
    expect_close(
        expect_number(ns, "lam"),
        LAMBDA,
        what="« lam » (λ)",
        mistakes={
            1 / LAMBDA: "c'est R / D ; on attend D / R, plus grand que 1",
            100 * LAMBDA: "c'est un pourcentage ; λ est le rapport D / R, sans multiplier par 100",
        },
    )


def check_prevision(ns: dict[str, object]) -> None:
    """L'indisponibilité prévue d'un arrêt forcé"""
    expect_close(
        expect_number(ns, "prevision_s"),
        PREVISION_S,
        what="« prevision_s »",
        unit="s",
        mistakes={
            PREVISION_S * 1000: "c'est en millisecondes ; donnez des secondes",
            M / D: (
                "c'est M / D ; l'arrêt et copie envoie la mémoire sale sur le réseau, au débit R : "
                "M / R"
            ),
        },
    )


def check_simulations(ns: dict[str, object]) -> None:
    """Les cinq simulations : bonne règle, bon lien"""
    for name, (model, function, bandwidth) in ATTENDUS.items():
        value = expect_type(ns, name, MigrationResult, f"le résultat de {function}(...)")
        assert value.model == model, (
            f"{name} vient du modèle « {value.model} » : appelez {function}(...)."
        )
        assert value.bandwidth_mb_s == bandwidth, (
            f"{name} simule un lien de {significant(value.bandwidth_mb_s, 6)} Mo/s, on attend "
            f"{significant(bandwidth, 6)} Mo/s ({'R_10G' if bandwidth == R_10G else 'R'})."
        )
        assert (value.memory_mb, value.dirty_rate_mb_s) == (M, D), (
            f"{name} simule M = {significant(value.memory_mb, 6)} Mo et "
            f"D = {significant(value.dirty_rate_mb_s, 6)} Mo/s : "
            f"on attend M = {significant(M, 6)} Mo et D = {significant(D, 6)} Mo/s (l'ordre est "
            "M, débit, D)."
        )


def check_verdicts(ns: dict[str, object]) -> None:
    """Sur 1 Gbit/s, aucune règle ne converge ; sur 10 Gbit/s, QEMU converge"""
    for name in ("generique", "xen", "qemu"):
        result = expect_var(ns, name)
        assert isinstance(result, MigrationResult) and not result.converged, (
            f"{name} ne devrait pas converger : λ = {significant(LAMBDA, 6)} > 1."
        )
        # Arrêt forcé avec toute la mémoire sale : l'indisponibilité vaut M / R.
        expect_close(result.downtime_s, PREVISION_S, what=f"l'indisponibilité de {name}", unit="s")
    qemu_10g = expect_var(ns, "qemu_10g")
    assert isinstance(qemu_10g, MigrationResult) and qemu_10g.converged, (
        "qemu_10g devrait converger : sur 10 Gbit/s, λ = 150 / 1250 = 0,12."
    )
    assert qemu_10g.downtime_s <= 0.3, (
        f"qemu_10g s'interrompt {significant(qemu_10g.downtime_ms, 6)} ms : la règle de QEMU "
        "garantit au plus "
        "300 ms."
    )
    xen_10g = expect_var(ns, "xen_10g")
    assert isinstance(xen_10g, MigrationResult) and not xen_10g.converged, (
        "xen_10g ne devrait pas converger : Xen plafonne la pré-copie à 500 Mbit/s (62,5 Mo/s), "
        "moins que les 150 Mo/s salis."
    )
