"""Values as data and back: faithful for what checks read, and nothing else comes back to life."""

from __future__ import annotations

import contextlib
import json
import math
import os
import random
import xml.etree.ElementTree as ElementTree
from collections import Counter, OrderedDict, deque
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hvlab.sim as sim
from hvlab.errors import PlacementError
from hvlab.labs.transfer import (
    Opaque,
    StudentObject,
    TransferError,
    TransferLimits,
    decode,
    encode,
    encode_namespace,
)
from hvlab.sim import PlacementItem, place


def roundtrip(value: Any) -> Any:
    return decode(json.loads(json.dumps(encode(value))))


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        ...,
        -3,
        2**200,
        -(2**80),
        0.1,
        "hôte é",
        [1, [2, [3]]],
        (1, (2,)),
        {"a": 1, 2: "b", (3, 4): None},
        {1, 2, 3},
        frozenset({"x"}),
        b"\x00\xff",
        bytearray(b"ab"),
        range(2, 10, 3),
        3 + 4j,
        Fraction(1, 3),
        deque([1, 2], maxlen=5),
        OrderedDict(a=1, b=2),
        Counter("abca"),
    ],
    ids=repr,
)
def test_plain_values_come_back_equal(value: Any) -> None:
    back = roundtrip(value)
    assert back == value
    assert type(back) is type(value)


def test_the_starters_placeholder_stays_ellipsis() -> None:
    assert roundtrip({"x": ...})["x"] is Ellipsis


@pytest.mark.parametrize("text", ["nan", "inf", "-inf"])
def test_special_floats(text: str) -> None:
    back = roundtrip(float(text))
    assert repr(back) == text or (text == "nan" and math.isnan(back))


def test_xml_elements_cross_as_their_text() -> None:
    element = ElementTree.fromstring('<domain type="kvm"><devices><disk/></devices></domain>')
    back = roundtrip(element)
    assert back.tag == "domain" and back.get("type") == "kvm"
    assert len(back.findall("devices/disk")) == 1


def test_shared_objects_stay_shared_and_cycles_are_kept() -> None:
    inner = [1, 2]
    outer: list[Any] = [inner, inner]
    outer.append(outer)
    back = roundtrip(outer)
    assert back[0] is back[1]
    assert back[2] is back


def test_simulator_values_are_rebuilt_with_their_own_class() -> None:
    items = [PlacementItem(f"vm{i}", cpu=0.5 + i / 2, ram_gib=2.0) for i in range(5)]
    result = place(items, host_cpu=4.0, host_ram_gib=16.0, algorithm="ffd")
    assert result.hosts_used > 1
    back = roundtrip(result)
    assert type(back) is type(result)
    assert back == result
    assert back.hosts_used == result.hosts_used  # properties computed by the checker's code


def test_simulator_enums_errors_classes_and_functions() -> None:
    value = {
        "kind": sim.HypervisorType.TYPE_1,
        "error": PlacementError("vm1 ne tient pas", vm="vm1"),
        "class": PlacementItem,
        "function": place,
        "rng": random.Random(4),
    }
    back = roundtrip(value)
    assert back["kind"] is sim.HypervisorType.TYPE_1
    assert isinstance(back["error"], PlacementError) and back["error"].vm == "vm1"
    assert str(back["error"]) == "vm1 ne tient pas"
    assert back["class"] is PlacementItem
    assert back["function"] is place
    assert back["rng"].random() == random.Random(4).random()


def test_what_cannot_cross_becomes_an_opaque_named_after_its_type() -> None:
    back = roundtrip({"gen": (i for i in range(3)), "module": os, "open": open})
    assert isinstance(back["gen"], Opaque) and type(back["gen"]).__name__ == "generator"
    assert repr(back["module"]) == "<module os>"
    assert isinstance(back["open"], Opaque)


def test_an_instance_of_a_student_class_keeps_its_attributes_not_its_methods() -> None:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(
        "class Hote:\n"
        "    def __init__(self):\n"
        "        self.nom = 'h1'\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "h = Hote()\n",
        namespace,
    )
    back = roundtrip(namespace["h"])
    assert isinstance(back, StudentObject) and type(back).__name__ == "Hote"
    assert back.nom == "h1"
    assert back != 42  # the student's __eq__ did not come along


def test_a_student_subclass_of_a_simulator_class_is_not_rebuilt_as_it() -> None:
    namespace: dict[str, Any] = {"__name__": "__main__", "PlacementItem": PlacementItem}
    exec(
        "class Triche(PlacementItem):\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "t = Triche('vm', 1.0, 1.0)\n",
        namespace,
    )
    back = roundtrip(namespace["t"])
    assert not isinstance(back, PlacementItem)


def test_namespace_leaves_out_modules_and_private_names_and_bounds_each_variable() -> None:
    limits = TransferLimits(max_nodes=1000)
    data = encode_namespace(
        {"__builtins__": {}, "_cache": 1, "math": math, "x": 42, "big": list(range(5000))},
        limits=limits,
    )
    back = decode(json.loads(json.dumps(data)))
    assert set(back) == {"x", "big"}
    assert back["x"] == 42
    assert "valeur trop volumineuse pour être vérifiée (plus de 1\u202f000 éléments)" in repr(
        back["big"]
    )


def test_deep_nesting_is_cut_not_a_recursion_error() -> None:
    value: list[Any] = []
    for _ in range(10_000):
        value = [value]
    back = roundtrip(value)
    depth = 0
    while isinstance(back, list):
        back = back[0]
        depth += 1
    assert depth == TransferLimits().max_depth
    assert isinstance(back, Opaque)


@pytest.mark.parametrize(
    "data",
    [
        {"$": "object", "id": 1, "class": "os:system"},
        {"$": "object", "id": 1, "class": "subprocess:Popen", "state": []},
        {"$": "object", "id": 1, "class": "builtins:eval"},
        {"$": "function", "ref": "builtins:eval"},
        {"$": "function", "ref": "os:system"},
        {"$": "function", "ref": "hvlab.sim:__builtins__.eval"},
        {"$": "class", "ref": "hvlab.sim.placement:__class__"},
        {"$": "class", "ref": "hvlab.simulator_fake:X"},
        {"$": "object", "id": 1, "class": "hvlab.sim:place"},
        {"$": "exception", "id": 1, "class": "os:error", "args": []},
        {
            "$": "object",
            "id": 1,
            "class": "hvlab.sim.placement:PlacementItem",
            "state": [["__class__", 1]],
        },
        {"$": "ref", "id": 7},
        {"$": "list", "id": 1, "items": [{"$": "list", "id": 1, "items": []}]},
        {"$": "tuple", "id": 1, "items": [{"$": "ref", "id": 1}]},
        {"$": "pickle", "id": 1, "data": "gASVAAAAAAAAAAA="},
        {"$": "int", "hex": "zz"},
        {"$": "float", "text": "1e999999"},
        [1, 2],
        {"$": "range", "id": 1, "args": [0, "9", 1]},
        {"$": "random", "id": 1, "state": {"$": "tuple", "id": 2, "items": [99]}},
    ],
)
def test_hostile_data_is_refused_with_a_french_message(data: Any) -> None:
    with pytest.raises(TransferError) as info:
        decode(data)
    assert str(info.value).startswith("donnée ")


def test_a_deeply_nested_json_is_refused_not_a_crash() -> None:
    data: Any = {"$": "list", "id": 1, "items": []}
    for i in range(2, 5000):
        data = {"$": "list", "id": i, "items": [data]}
    with pytest.raises(TransferError, match="trop imbriquée"):
        decode(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["$", "id", "items", "pairs", "class", "state"]), children
        )
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_decodes_or_is_refused_never_anything_else(data: Any) -> None:
    with contextlib.suppress(TransferError):
        decode(data)
