from hvlab.labs.checks import expect_close, expect_var


def check_duree(ns: dict[str, object]) -> None:
    """Durée de la copie"""
    duree = expect_var(ns, "duree_s")
    expect_close(duree, 6.4, what="la durée de la copie", unit="s")
