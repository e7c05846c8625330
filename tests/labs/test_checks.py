"""Helpers for check authors: French messages for missing, placeholder and wrong values."""

from __future__ import annotations

import pytest

from hvlab.labs.checks import (
    CheckFailed,
    expect_close,
    expect_number,
    expect_type,
    expect_var,
    expect_xml,
)


def test_check_failed_is_an_assertion_error() -> None:
    assert issubclass(CheckFailed, AssertionError)


def test_expect_var_returns_the_value() -> None:
    assert expect_var({"x": 3}, "x") == 3


def test_expect_var_missing_variable() -> None:
    with pytest.raises(CheckFailed, match="La variable « placement » n'existe pas"):
        expect_var({}, "placement")


def test_expect_var_placeholder() -> None:
    with pytest.raises(CheckFailed) as info:
        expect_var({"x": ...}, "x")
    assert str(info.value) == (
        "La variable « x » vaut encore « ... » : remplacez les points de suspension par votre code."
    )


def test_expect_type_wrong_type() -> None:
    with pytest.raises(CheckFailed) as info:
        expect_type({"hotes": "3"}, "hotes", int)
    assert str(info.value) == "La variable « hotes » devrait être un « int », pas un « str » ('3')."


def test_expect_type_accepts_an_int_for_a_float() -> None:
    assert expect_type({"x": 2}, "x", float) == 2.0


def test_expect_close_message_gives_value_and_expectation() -> None:
    expect_close(0.1 + 0.2, 0.3, what="la somme")
    with pytest.raises(CheckFailed) as info:
        expect_close(3, 4, what="la borne inférieure", unit="hôtes")
    assert str(info.value) == "La borne inférieure vaut 3\u202fhôtes, on attend 4\u202fhôtes."
    with pytest.raises(CheckFailed, match=r"^x vaut 2,5, on attend 2,75\.$"):
        expect_close(2.5, 2.75, what="x")  # a variable's name keeps its case


def test_expect_close_rejects_non_numbers() -> None:
    with pytest.raises(CheckFailed, match=r"La puissance vaut encore « \.\.\. »"):
        expect_close(..., 3.0, what="la puissance")
    with pytest.raises(CheckFailed, match="La puissance devrait être un nombre, pas « '3' »"):
        expect_close("3", 3.0, what="la puissance")


@pytest.mark.parametrize(
    ("value", "expected", "hint"),
    [
        (24, 0.24, "c'est un pourcentage ; on attend une fraction entre 0 et 1 (divisez par 100)"),
        (0.8, 80, "c'est une fraction ; on attend un pourcentage (multipliez par 100)"),
        (
            0.25,
            4,
            "c'est l'inverse de la valeur attendue : la division est faite dans l'autre sens",
        ),
        (
            2500,
            2.5,
            "c'est 1\u202f000 fois trop : vérifiez l'unité "
            "(des W pour des kW, des ms pour des s ?)",
        ),
        (
            0.0025,
            2.5,
            "c'est 1\u202f000 fois trop peu : vérifiez l'unité "
            "(des kW pour des W, des s pour des ms ?)",
        ),
        (-12, 12, "le signe est inversé : faites la soustraction dans l'autre sens"),
    ],
)
def test_expect_close_names_the_typical_mistake(value: float, expected: float, hint: str) -> None:
    with pytest.raises(CheckFailed) as info:
        expect_close(value, expected, what="la valeur")
    assert str(info.value).endswith(f" : {hint}.")


@pytest.mark.parametrize(("value", "expected"), [(160, 1.6), (2.125, 212.5)])
def test_expect_close_says_percent_or_fraction_only_where_it_can_be_one(
    value: float, expected: float
) -> None:
    # A ratio of 1,6 is no fraction « entre 0 et 1 », 212,5 W is no percentage.
    with pytest.raises(CheckFailed) as info:
        expect_close(value, expected, what="x")
    assert "pourcentage" not in str(info.value) and "fraction" not in str(info.value)


def test_expect_close_author_mistakes_come_first_and_common_ones_can_be_off() -> None:
    with pytest.raises(CheckFailed) as info:
        expect_close(5.5, 12.7, what="le CPU de app002", mistakes={5.5: "c'est sa moyenne"})
    assert str(info.value) == "Le CPU de app002 vaut 5,5, on attend 12,7 : c'est sa moyenne."
    with pytest.raises(CheckFailed) as info:
        expect_close(24, 0.24, what="x", common=())
    assert str(info.value) == "x vaut 24, on attend 0,24."
    # A mistake that gives the right value is no mistake: 1/1 is 1.
    assert expect_close(1, 1.0, what="x") == 1.0


def test_expect_close_hint_is_said_only_when_no_mistake_matches() -> None:
    known: dict[float, str] = {40: "c'est le nombre de VM proposées"}
    with pytest.raises(CheckFailed) as info:
        expect_close(40, 31, what="vm", mistakes=known, hint="vérifiez target")
    assert str(info.value) == "vm vaut 40, on attend 31 : c'est le nombre de VM proposées."
    # A value that is no known mistake gets the author's hint, not the last mistake's.
    with pytest.raises(CheckFailed) as info:
        expect_close(30, 31, what="vm", mistakes=known, hint="vérifiez target")
    assert str(info.value) == "vm vaut 30, on attend 31 : vérifiez target."
    with pytest.raises(CheckFailed) as info:
        expect_close(30, 31, what="vm", mistakes=known)
    assert str(info.value) == "vm vaut 30, on attend 31."


@pytest.mark.parametrize(
    ("what", "said"),
    [
        ("vm_max(esxi, 1 vCPU, 4 Gio)", "vm_max(esxi, 1 vCPU, 4 Gio) vaut 3"),
        ("attente_80 (R / S, M/M/1)", "attente_80 (R / S, M/M/1) vaut 3"),
        ("avec_ballon[« ballon »]", "avec_ballon[« ballon »] vaut 3"),
        ("le VLAN de web1", "Le VLAN de web1 vaut 3"),
    ],
)
def test_expect_close_keeps_code_as_written(what: str, said: str) -> None:
    with pytest.raises(CheckFailed) as info:
        expect_close(3, 4, what=what, common=())
    assert str(info.value).startswith(f"{said}, on attend 4")


def test_expect_close_writes_whole_numbers_in_full() -> None:
    with pytest.raises(CheckFailed) as info:
        expect_close(2097152, 2048, what="memoire_mio", unit="Mio", common=())
    assert str(info.value) == (
        "memoire_mio vaut 2\u202f097\u202f152\u202fMio, on attend 2\u202f048\u202fMio."
    )


def test_expect_xml_parses_the_pasted_text_or_says_what_to_paste() -> None:
    def read(text: object) -> str:
        with pytest.raises(CheckFailed) as info:
            expect_xml(
                {"SORTIE": text},
                "SORTIE",
                root="domain",
                source="la sortie de « virsh dumpxml web1 »",
                what="la définition d'une VM",
            )
        return str(info.value)

    ok = expect_xml({"S": " <domain><name>web1</name></domain>\n"}, "S", root="domain", source="x")
    assert ok.findtext("name") == "web1"
    assert read(3) == "SORTIE doit rester une chaîne de caractères."
    assert read("  ") == (
        "SORTIE est vide : collez la sortie de « virsh dumpxml web1 » entre les triples "
        "guillemets (elle commence par <domain …>)."
    )
    assert read("<domain><name>web1</domain>").startswith(
        "SORTIE n'est pas un XML lisible (mismatched tag: line 1, column 20) : collez toute la "
        "sortie de « virsh dumpxml web1 », de <domain …> à </domain>."
    )
    assert read("<network/>") == (
        "Le XML collé commence par <network> : on attend la définition d'une VM, <domain>."
    )


def test_expect_number_reads_a_number_or_says_what_it_got() -> None:
    assert expect_number({"n": 3}, "n") == 3.0
    with pytest.raises(CheckFailed, match=r"« n » devrait être un nombre, pas un « str » \('3'\)"):
        expect_number({"n": "3"}, "n")
    with pytest.raises(CheckFailed, match=r"vaut encore « \.\.\. »"):
        expect_number({"n": ...}, "n")
