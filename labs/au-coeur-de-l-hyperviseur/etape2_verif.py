"""Vérifications de l'étape 2 : la part d'un cœur consommée par les sorties de VM."""

from hvlab.labs.checks import expect_close, expect_number, expect_var

FREQ_HZ = 2.5e9
CYCLES = 1500
# 400 000 × 1 500 / 2,5 × 10⁹ = 0,24 ; 20 000 × 1 500 / 2,5 × 10⁹ = 0,012.
EMULEE = 400_000 * CYCLES / FREQ_HZ
VIRTIO = 20_000 * CYCLES / FREQ_HZ


def check_fonction(ns: dict[str, object]) -> None:
    """La fonction part_sorties"""
    fonction = expect_var(ns, "part_sorties")
    assert callable(fonction), "« part_sorties » devrait rester une fonction."
    for sorties, cycles, ghz in ((1_000_000, 1000, 2.0), (50_000, 2000, 3.0)):
        expect_close(
            fonction(sorties, cycles, ghz),
            sorties * cycles / (ghz * 1e9),
            what=f"part_sorties({sorties}, {cycles}, {ghz})",
        )


def check_parts(ns: dict[str, object]) -> None:
    """La part perdue avec chaque carte, et le gain"""
    expect_close(expect_number(ns, "part_emulee"), EMULEE, what="part_emulee")
    expect_close(expect_number(ns, "part_virtio"), VIRTIO, what="part_virtio")
    expect_close(expect_number(ns, "gain"), EMULEE - VIRTIO, what="gain")
