"""Read and validate lab folders (``labs/<id>/lab.yaml`` and the files it names).

Validation reports *every* problem of a folder at once, in French, each with its file, its place in
``lab.yaml`` (``steps[1].solution``) and its line when known, e.g.::

    labs/consolidation/lab.yaml:31:15: steps[1].solution : fichier « etape2_solution.py »
    introuvable dans labs/consolidation ; vérifiez le nom (fichiers présents : …).

The rules are those of the JSON Schema shipped in ``hvlab/labs/schema/lab.schema.json`` (editors
use it for completion), plus what a schema cannot say: files that exist, Python that compiles, a
checks file that defines ``check_…`` functions, an id equal to the folder's name.

PyYAML is imported only when a lab is read.
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
import re
from pathlib import Path
from typing import Any

from hvlab.errors import HvlabError, ValidationError, ValidationProblem
from hvlab.labs.model import LEVELS, Lab, LabLookupError, SolutionAfter, Step

#: The metadata file of a lab folder.
LAB_FILE = "lab.yaml"
#: Folders of ``labs/`` that are not labs.
SKIPPED_FOLDERS = frozenset({"scenarios"})

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LAB_KEYS = {
    "id": True,
    "title": True,
    "summary": True,
    "objectives": True,
    "duration_min": True,
    "prerequisites": False,
    "level": False,
    "steps": True,
    "question": True,
    "answer": False,
}
_STEP_KEYS = {
    "id": True,
    "title": True,
    "instructions": True,
    "starter": True,
    "solution": True,
    "checks": True,
    "hints": False,
    "solution_after": False,
}
_FILE_SUFFIX = {"instructions": ".md", "starter": ".py", "solution": ".py", "checks": ".py"}


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


def _yaml() -> Any:
    try:
        import yaml
    except ImportError as error:  # pragma: no cover - PyYAML is installed with hvlab[site]
        raise HvlabError(
            "Lire un TP demande PyYAML : installez-le avec « pip install 'hvlab[site]' »."
        ) from error
    return yaml


class _Reader:
    """Reads one lab folder, collecting problems instead of stopping at the first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = _shown(folder / LAB_FILE)
        self.problems: list[ValidationProblem] = []
        self.positions: dict[str, tuple[int, int]] = {}

    def problem(
        self, path: str, message: str, *, file: str = "", line: int = 0, col: int = 0
    ) -> None:
        if not file:
            file = self.file
            line, col = self._position(path)
        self.problems.append(
            ValidationProblem(message, file=file, path=path, line=line, column=col)
        )

    def _position(self, path: str) -> tuple[int, int]:
        while path:
            if path in self.positions:
                return self.positions[path]
            path = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path)
        return self.positions.get("", (0, 0))

    def read(self) -> tuple[Lab | None, list[ValidationProblem]]:
        source = self.folder / LAB_FILE
        if not source.is_file():
            self.problems.append(
                ValidationProblem(
                    f"fichier « {LAB_FILE} » introuvable : chaque dossier de labs/ décrit un TP "
                    "dans un fichier lab.yaml (voir le guide « Format d'un TP »).",
                    file=_shown(self.folder),
                )
            )
            return None, self.problems
        data = self._parse(source)
        if data is None:
            return None, self.problems
        if not isinstance(data, dict):
            self.problem(
                "", f"le fichier doit être une table de clés (id, title…), pas {_kind(data)}."
            )
            return None, self.problems
        self._keys(data, _LAB_KEYS, "")
        lab_id = self._lab_id(data.get("id"))
        title = self._text(data, "title", "")
        summary = self._text(data, "summary", "")
        question = self._text(data, "question", "")
        answer = self._text(data, "answer", "")
        objectives = self._texts(data, "objectives", "", required=True)
        prerequisites = self._texts(data, "prerequisites", "", required=False)
        duration = self._duration(data.get("duration_min"))
        level = self._level(data.get("level"))
        steps = self._steps(data.get("steps"))
        if self.problems:
            return None, self.problems
        lab = Lab(
            id=lab_id,
            title=title,
            summary=summary,
            objectives=objectives,
            duration_min=duration,
            prerequisites=prerequisites,
            question=question,
            steps=tuple(steps),
            level=level,
            answer=answer,
            path=self.folder,
        )
        return lab, self.problems

    def _parse(self, source: Path) -> Any:
        yaml = _yaml()
        try:
            text = source.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.problem("", "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8.")
            return None
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            reason = getattr(error, "problem", None) or str(error)
            self.problems.append(
                ValidationProblem(
                    f"YAML invalide : {reason} (vérifiez l'indentation et les deux-points).",
                    file=self.file,
                    line=mark.line + 1 if mark else 0,
                    column=mark.column + 1 if mark else 0,
                )
            )
            return None
        if node is not None:
            self._index(node, "", yaml)
        return data

    def _index(self, node: Any, path: str, yaml: Any) -> None:
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{path}.{key.value}" if path else str(key.value)
                self._index(value, child, yaml)
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                self._index(value, f"{path}[{index}]", yaml)

    def _keys(self, data: dict[str, Any], allowed: dict[str, bool], path: str) -> None:
        prefix = f"{path}." if path else ""
        for key in data:
            if key not in allowed:
                names = ", ".join(allowed)
                self.problem(
                    f"{prefix}{key}", f"clé inconnue « {key} » ; clés possibles : {names}."
                )
        for key, required in allowed.items():
            if required and key not in data:
                self.problem(path, f"clé obligatoire « {prefix}{key} » absente.")

    def _lab_id(self, value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, str) or not _ID.match(value):
            self.problem(
                "id",
                f"identifiant « {value} » invalide : lettres minuscules sans accent, chiffres et "
                "tirets (par exemple « consolidation »).",
            )
            return ""
        if value != self.folder.name:
            self.problem(
                "id",
                f"l'identifiant « {value} » diffère du nom du dossier « {self.folder.name} » : "
                "renommez l'un ou l'autre.",
            )
        return value

    def _text(self, data: dict[str, Any], key: str, path: str) -> str:
        where = f"{path}.{key}" if path else key
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(where, f"texte non vide attendu, pas {_kind(value)}.")
            return ""
        return value.strip()

    def _texts(
        self, data: dict[str, Any], key: str, path: str, *, required: bool
    ) -> tuple[str, ...]:
        where = f"{path}.{key}" if path else key
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(
                where,
                f"liste de textes attendue (une ligne « - … » par élément), pas {_kind(value)}.",
            )
            return ()
        if required and not value:
            self.problem(where, "la liste est vide : donnez au moins un élément.")
        texts = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem(f"{where}[{index}]", f"texte non vide attendu, pas {_kind(item)}.")
            else:
                texts.append(item.strip())
        return tuple(texts)

    def _duration(self, value: Any) -> int:
        if value is None:
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.problem(
                "duration_min",
                f"durée en minutes attendue (entier positif, par exemple 45), pas « {value} ».",
            )
            return 0
        return value

    def _level(self, value: Any) -> str:
        if value is None:
            return ""
        if value not in LEVELS:
            choices = ", ".join(f"« {v} »" for v in LEVELS)
            self.problem("level", f"niveau « {value} » inconnu ; choisissez {choices}.")
            return ""
        return str(value)

    def _steps(self, value: Any) -> list[Step]:
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            self.problem("steps", f"liste d'étapes non vide attendue, pas {_kind(value)}.")
            return []
        steps: list[Step] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            path = f"steps[{index}]"
            if not isinstance(item, dict):
                self.problem(
                    path, f"une étape est une table de clés (id, title…), pas {_kind(item)}."
                )
                continue
            step = self._step(item, path)
            if step is None:
                continue
            if step.id in seen:
                self.problem(
                    f"{path}.id",
                    f"identifiant d'étape « {step.id} » déjà utilisé par steps[{seen[step.id]}] : "
                    "chaque étape a le sien.",
                )
            seen[step.id] = index
            steps.append(step)
        return steps

    def _step(self, data: dict[str, Any], path: str) -> Step | None:
        before = len(self.problems)
        self._keys(data, _STEP_KEYS, path)
        step_id = data.get("id")
        if step_id is not None and (not isinstance(step_id, str) or not _ID.match(step_id)):
            self.problem(
                f"{path}.id",
                f"identifiant d'étape « {step_id} » invalide : lettres minuscules sans accent, "
                "chiffres et tirets (par exemple « borne-inferieure »).",
            )
        title = self._text(data, "title", path)
        texts: dict[str, str] = {}
        files: dict[str, Path] = {}
        for role, suffix in _FILE_SUFFIX.items():
            if role in data:
                found = self._file(data[role], f"{path}.{role}", suffix)
                if found is not None:
                    files[role], texts[role] = found
        if "checks" in texts:
            self._check_functions(texts["checks"], files["checks"])
        hints = self._texts(data, "hints", path, required=False)
        after = self._solution_after(data.get("solution_after"), f"{path}.solution_after")
        if len(self.problems) > before or not isinstance(step_id, str):
            return None
        return Step(
            id=step_id,
            title=title,
            instructions_md=texts["instructions"],
            starter=texts["starter"],
            solution=texts["solution"],
            checks=texts["checks"],
            hints=hints,
            solution_after=after,
            files=files,
        )

    def _file(self, value: Any, path: str, suffix: str) -> tuple[Path, str] | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(
                path,
                f"nom de fichier attendu (par exemple « etape1{suffix} »), pas {_kind(value)}.",
            )
            return None
        name = value.strip()
        target = (self.folder / name).resolve()
        if Path(name).is_absolute() or not target.is_relative_to(self.folder.resolve()):
            self.problem(
                path,
                f"le fichier « {name} » doit être dans le dossier du TP ({_shown(self.folder)}).",
            )
            return None
        if not name.endswith(suffix):
            self.problem(path, f"le fichier « {name} » devrait avoir l'extension « {suffix} ».")
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
        try:
            text = target.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.problem(
                path, f"le fichier « {name} » n'est pas en UTF-8 : enregistrez-le en UTF-8."
            )
            return None
        if suffix == ".py":
            try:
                compile(text, str(target), "exec", dont_inherit=True)
            except SyntaxError as error:
                self.problem(
                    path,
                    f"erreur de syntaxe Python : {error.msg} (le code de départ aussi doit être du "
                    "Python valide : utilisez « ... » pour les trous).",
                    file=_shown(target),
                    line=error.lineno or 0,
                    col=error.offset or 0,
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
            self.problem(
                "",
                "aucune fonction de vérification : définissez au moins une fonction "
                "« def check_<nom>(ns): … » qui lève AssertionError avec un message en français.",
                file=_shown(file),
                line=1,
            )
        for node in checks:
            params = node.args.posonlyargs + node.args.args
            if len(params) != 1 or node.args.kwonlyargs or isinstance(node, ast.AsyncFunctionDef):
                self.problem(
                    "",
                    f"la vérification « {node.name} » doit prendre un seul paramètre, l'espace de "
                    "noms du code de l'étudiant : « def "
                    f"{node.name}(ns: dict[str, object]) -> None ».",
                    file=_shown(file),
                    line=node.lineno,
                    col=node.col_offset + 1,
                )

    def _solution_after(self, value: Any, path: str) -> SolutionAfter:
        if value is None:
            return SolutionAfter()
        if value in ("success", "always"):
            return SolutionAfter(mode=value, attempts=0)
        if isinstance(value, dict) and set(value) == {"attempts"}:
            attempts = value["attempts"]
            if isinstance(attempts, int) and not isinstance(attempts, bool) and attempts >= 1:
                return SolutionAfter(mode="attempts", attempts=attempts)
        self.problem(
            path,
            f"valeur « {value} » invalide : écrivez « {{attempts: 3}} » (après 3 essais), "
            "« success » (après réussite) ou « always » (toujours visible).",
        )
        return SolutionAfter()


def _kind(value: Any) -> str:
    names = {
        type(None): "une valeur vide",
        bool: "un booléen",
        int: "un entier",
        float: "un nombre",
        str: "un texte",
        list: "une liste",
        dict: "une table de clés",
    }
    return names.get(type(value), f"un « {type(value).__name__} »")
