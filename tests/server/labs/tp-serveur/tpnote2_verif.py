from hvlab.labs.checks import expect_var


def check_hotes(ns: dict[str, object]) -> None:
    """Nombre d'hôtes"""
    hotes = expect_var(ns, "hotes")
    assert hotes == 3, f"{hotes} hôtes calculés, on en attend 3 (40 / 16 arrondi au-dessus)."
