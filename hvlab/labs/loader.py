"""Read and validate lab folders (``labs/<id>/lab.yaml`` and the files it names).

Validation reports *every* problem of a folder at once, in French, each with its file, its place in
``lab.yaml`` (``steps n° 2 › solution``, items numbered from 1) and its line, e.g.::

    labs/consolidation/lab.yaml:31:15: steps n° 2 › solution : fichier « etape2_solution.py »
    introuvable dans labs/consolidation ; vérifiez le nom (fichiers présents : …).

``lab.yaml`` is read by the project's YAML reader (:mod:`hvlab.sources`: positions, limits on size,
depth and aliases) and checked against the JSON Schema shipped in
``hvlab/labs/schema/lab.schema.json`` (editors use it for completion), its errors in French; then
comes what a schema cannot say: files that exist, Python that compiles, a checks file that defines
``check_…`` functions, an id equal to the folder's name, step ids used once.

PyYAML and jsonschema are imported only when a lab is read (this module also runs in Pyodide).
"""

from __future__ import annotations

__all__ = [
    "LAB_FILE",
    "SKIPPED_FOLDERS",
    "find_lab",
    "lab_folders",
    "load_lab",
    "load_labs",
    "schema_path",
    "validate_lab",
]

import ast
import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hvlab.errors import HvlabError, ValidationError, ValidationProblem
from hvlab.labs.model import Lab, LabLookupError, SolutionAfter, Step

if TYPE_CHECKING:
    from hvlab.sources import Vocabulary, YamlDocument

#: The metadata file of a lab folder.
LAB_FILE = "lab.yaml"
#: Folders of ``labs/`` that are not labs.
SKIPPED_FOLDERS = frozenset({"scenarios"})

_FILE_SUFFIX = {"instructions": ".md", "starter": ".py", "solution": ".py", "checks": ".py"}
_LIST_OF_TEXTS = "liste de textes attendue (une ligne « - … » par élément), pas {value}"
_SLUG = "lettres minuscules sans accent, chiffres et tirets"
#: What lab.yaml says better than the generic schema messages.
_VOCABULARY_MESSAGES = {
    "pattern:id": f"identifiant « {{raw}} » invalide : {_SLUG} (par exemple « consolidation »)",
    "pattern:steps/*/id": (
        f"identifiant d'étape « {{raw}} » invalide : {_SLUG} (par exemple « borne-inferieure »)"
    ),
    "pattern:steps/*/instructions": "le fichier « {raw} » devrait avoir l'extension « .md »",
    "pattern:steps/*/starter": "le fichier « {raw} » devrait avoir l'extension « .py »",
    "pattern:steps/*/solution": "le fichier « {raw} » devrait avoir l'extension « .py »",
    "pattern:steps/*/checks": "le fichier « {raw} » devrait avoir l'extension « .py »",
    "pattern": "texte vide : écrivez-le ou retirez la clé",
    "type:duration_min": "durée en minutes attendue (entier positif, par exemple 45), pas {value}",
    "minimum:duration_min": "durée en minutes attendue (entier positif, par exemple 45), pas {raw}",
    "enum:level": "niveau « {raw} » inconnu{suggestion} ; choisissez parmi : {choices}",
    "oneOf:*/solution_after": (
        "valeur « {raw} » invalide : écrivez « {{attempts: 3}} » (après 3 essais), « success » "
        "(après réussite) ou « always » (toujours visible)"
    ),
    "type:objectives": _LIST_OF_TEXTS,
    "type:prerequisites": _LIST_OF_TEXTS,
    "type:*/hints": _LIST_OF_TEXTS,
    "minItems:objectives": "la liste est vide : donnez au moins un objectif",
    "minItems:steps": "un TP a au moins une étape : ajoutez-en une sous « steps »",
    "type:steps/*": "une étape est une table de clés (id, title, instructions…), pas {value}",
    "type": "type incorrect — attendu : {limit} ; lu : {value}",
}


def schema_path() -> Path:
    """Path of the JSON Schema of ``lab.yaml`` shipped with the package."""
    return Path(__file__).with_name("schema") / "lab.schema.json"


def lab_folders(labs_dir: Path) -> list[Path]:
    """The lab folders of ``labs_dir``, sorted (hidden, ``_…`` and ``scenarios`` skipped)."""
    if not labs_dir.is_dir():
        return []
    return sorted(
        p
        for p in labs_dir.iterdir()
        if p.is_dir() and p.name not in SKIPPED_FOLDERS and not p.name.startswith((".", "_"))
    )


def validate_lab(folder: Path) -> list[ValidationProblem]:
    """Every problem of the lab in ``folder`` (empty list when the lab is valid)."""
    return _Reader(folder).read()[1]


def load_lab(folder: Path) -> Lab:
    """Read and validate the lab in ``folder``.

    Raises:
        ValidationError: the lab has problems (all of them are listed, in French).
    """
    lab, problems = _Reader(folder).read()
    if problems or lab is None:
        raise ValidationError(problems)
    return lab


def load_labs(labs_dir: Path) -> list[Lab]:
    """Read every lab of ``labs_dir``, sorted by folder name.

    Raises:
        ValidationError: one or more labs have problems (those of every lab are listed).
    """
    labs: list[Lab] = []
    problems: list[ValidationProblem] = []
    for folder in lab_folders(labs_dir):
        lab, found = _Reader(folder).read()
        problems += found
        if lab is not None:
            labs.append(lab)
    if problems:
        raise ValidationError(problems)
    return labs


def find_lab(labs_dir: Path, lab_id: str) -> Lab:
    """Load the lab ``lab_id`` of ``labs_dir``.

    Raises:
        LabLookupError: no such lab (the message lists the known ids).
        ValidationError: the lab exists but has problems.
    """
    folder = labs_dir / lab_id
    if lab_id in SKIPPED_FOLDERS or not (folder / LAB_FILE).is_file():
        known = [p.name for p in lab_folders(labs_dir) if (p / LAB_FILE).is_file()]
        listing = ", ".join(known) if known else "aucun"
        raise LabLookupError(
            f"TP « {lab_id} » introuvable dans {_shown(labs_dir)} ; TP disponibles : {listing}."
        )
    return load_lab(folder)


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is below it (shorter messages)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@functools.cache
def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return loaded


@functools.cache
def _vocabulary() -> Vocabulary:
    from hvlab.sources import Vocabulary

    return Vocabulary(messages=_VOCABULARY_MESSAGES)


def _sources() -> Any:
    try:
        import hvlab.sources as sources
    except ImportError as error:  # pragma: no cover - PyYAML and jsonschema come with hvlab
        raise HvlabError(
            "Lire un TP demande PyYAML et jsonschema : installez-les avec « pip install hvlab »."
        ) from error
    return sources


class _Reader:
    """Reads one lab folder, collecting problems instead of stopping at the first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = _shown(folder / LAB_FILE)
        self.problems: list[ValidationProblem] = []
        self.document: YamlDocument | None = None

    def problem(self, path: tuple[str | int, ...], message: str, *, key: bool = False) -> None:
        assert self.document is not None
        self.problems.append(self.document.problem(message, path, key=key))

    def read(self) -> tuple[Lab | None, list[ValidationProblem]]:
        source = self.folder / LAB_FILE
        if not source.is_file():
            self.problems.append(
                ValidationProblem(
                    f"fichier « {LAB_FILE} » introuvable : chaque dossier de labs/ décrit un TP "
                    "dans un fichier lab.yaml (voir le guide « Écrire un TP »).",
                    file=_shown(self.folder),
                )
            )
            return None, self.problems
        sources = _sources()
        self.document = document = sources.read_yaml_file(source, file=self.file)
        self.problems += document.problems
        data = document.data
        if data is None:
            if not self.problems:
                self.problems.append(
                    ValidationProblem(
                        "fichier vide : un TP décrit au moins id, title, summary, objectives, "
                        "duration_min, steps et question (voir le guide « Écrire un TP »).",
                        self.file,
                        line=1,
                        column=1,
                    )
                )
            return None, self.problems
        for found in sources.schema_problems(data, _schema(), _vocabulary()):
            self.problem(found.path, found.message + ".", key=found.at_key)
        if not isinstance(data, dict):
            return None, self.problems
        self._lab_id(data.get("id"))
        steps = self._steps(data.get("steps"))
        if self.problems:
            return None, self.problems
        lab = Lab(
            id=data["id"],
            title=data["title"].strip(),
            summary=data["summary"].strip(),
            objectives=tuple(text.strip() for text in data["objectives"]),
            duration_min=data["duration_min"],
            prerequisites=tuple(text.strip() for text in data.get("prerequisites", ())),
            question=data["question"].strip(),
            steps=tuple(steps),
            level=data.get("level", ""),
            answer=str(data.get("answer", "")).strip(),
            path=self.folder,
        )
        return lab, self.problems

    def _lab_id(self, value: Any) -> None:
        if isinstance(value, str) and value != self.folder.name:
            self.problem(
                ("id",),
                f"l'identifiant « {value} » diffère du nom du dossier « {self.folder.name} » : "
                "renommez l'un ou l'autre.",
            )

    def _steps(self, value: Any) -> list[Step]:
        if not isinstance(value, list):
            return []
        steps: list[Step] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                continue
            step_id = item.get("id")
            if isinstance(step_id, str):
                if step_id in seen:
                    self.problem(
                        ("steps", index, "id"),
                        f"identifiant d'étape « {step_id} » déjà utilisé par l'étape "
                        f"n° {seen[step_id] + 1} : chaque étape a le sien.",
                    )
                seen.setdefault(step_id, index)
            step = self._step(item, ("steps", index))
            if step is not None:
                steps.append(step)
        return steps

    def _step(self, data: dict[str, Any], path: tuple[str | int, ...]) -> Step | None:
        texts: dict[str, str] = {}
        files: dict[str, Path] = {}
        for role, suffix in _FILE_SUFFIX.items():
            name = data.get(role)
            if isinstance(name, str) and name.strip().endswith(suffix):
                found = self._file(name.strip(), (*path, role), suffix)
                if found is not None:
                    files[role], texts[role] = found
        if "checks" in texts:
            self._check_functions(texts["checks"], files["checks"])
        if len(texts) < len(_FILE_SUFFIX) or not isinstance(data.get("id"), str):
            return None
        after = data.get("solution_after")
        if after in ("success", "always"):
            solution_after = SolutionAfter(mode=after, attempts=0)
        elif isinstance(after, dict) and isinstance(after.get("attempts"), int):
            solution_after = SolutionAfter(mode="attempts", attempts=after["attempts"])
        else:
            solution_after = SolutionAfter()
        return Step(
            id=data["id"],
            title=str(data.get("title", "")).strip(),
            instructions_md=texts["instructions"],
            starter=texts["starter"],
            solution=texts["solution"],
            checks=texts["checks"],
            hints=tuple(str(h).strip() for h in data.get("hints", ()) if isinstance(h, str)),
            solution_after=solution_after,
            files=files,
        )

    def _file(self, name: str, path: tuple[str | int, ...], suffix: str) -> tuple[Path, str] | None:
        target = (self.folder / name).resolve()
        if Path(name).is_absolute() or not target.is_relative_to(self.folder.resolve()):
            self.problem(
                path,
                f"le fichier « {name} » doit être dans le dossier du TP ({_shown(self.folder)}).",
            )
            return None
        if not target.is_file():
            present = sorted(p.name for p in self.folder.iterdir() if p.suffix == suffix)
            listing = ", ".join(present) if present else "aucun"
            self.problem(
                path,
                f"fichier « {name} » introuvable dans {_shown(self.folder)} ; vérifiez le nom "
                f"(fichiers {suffix} présents : {listing}).",
            )
            return None
        text, problem = _sources().read_text(target, file=_shown(target))
        if text is None:
            assert problem is not None
            self.problems.append(problem)
            return None
        if suffix == ".py":
            try:
                compile(text, str(target), "exec", dont_inherit=True)
            except SyntaxError as error:
                self.problems.append(
                    ValidationProblem(
                        f"erreur de syntaxe Python : {error.msg} (le code de départ aussi doit "
                        "être du Python valide : utilisez « ... » pour les trous).",
                        file=_shown(target),
                        line=error.lineno or 0,
                        column=error.offset or 0,
                    )
                )
                return None
        elif not text.strip():
            self.problem(path, f"le fichier « {name} » est vide : écrivez la consigne de l'étape.")
            return None
        return target, text

    def _check_functions(self, source: str, file: Path) -> None:
        tree = ast.parse(source)
        checks = [
            node
            for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.name.startswith("check_")
        ]
        if not checks:
            self.problems.append(
                ValidationProblem(
                    "aucune fonction de vérification : définissez au moins une fonction "
                    "« def check_<nom>(ns): … » qui lève AssertionError avec un message en "
                    "français.",
                    file=_shown(file),
                    line=1,
                )
            )
        for node in checks:
            params = node.args.posonlyargs + node.args.args
            if len(params) != 1 or node.args.kwonlyargs or isinstance(node, ast.AsyncFunctionDef):
                self.problems.append(
                    ValidationProblem(
                        f"la vérification « {node.name} » doit prendre un seul paramètre, "
                        "l'espace de noms du code de l'étudiant : « def "
                        f"{node.name}(ns: dict[str, object]) -> None ».",
                        file=_shown(file),
                        line=node.lineno,
                        column=node.col_offset + 1,
                    )
                )
