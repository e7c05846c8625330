"""``hvlab new``: a new chapter, quiz or lab from the project's skeletons, wired into the course.

The skeletons live in ``hvlab/authoring/skeletons/`` (the guide shows these very files); their
``<placeholders>`` are filled in, the new page is added to the ``nav`` of ``mkdocs.yml`` by
inserting one line (comments, order and layout of the file are kept), and a row is added to the
table of chapters or of labs. Every change is computed first: a refusal (an id that exists or is
malformed, a file in the way) leaves the project untouched, and what is written builds with
``mkdocs build --strict`` and passes ``hvlab check``.
"""

from __future__ import annotations

__all__ = [
    "SKELETONS",
    "Changes",
    "ScaffoldError",
    "new_chapter",
    "new_lab",
    "new_quiz",
    "suggest_id",
]

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from hvlab.authoring.course import CHAPTER_FILE, Course, NavEntry, read_nav_text
from hvlab.errors import HvlabError

#: The skeletons of a chapter, a quiz, a lab page and a lab folder.
SKELETONS = Path(__file__).with_name("skeletons")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PLACEHOLDER = re.compile(r"<(?:numéro|titre|résumé|prérequis|liens-tp|quiz|identifiant|chapitre)>")
_PRACTICE = "## Pour s'entraîner"
_QUIZ_HEADING = "### Quiz du chapitre"


class ScaffoldError(HvlabError):
    """``hvlab new`` refuses (the message says why and what to do); nothing was changed."""


@dataclass
class Changes:
    """Files to create and files to rewrite, applied together by :meth:`apply`.

    Attributes:
        root: the project folder (paths are shown relative to it).
        created: new files and their text.
        edited: existing files and their new text, with why (« menu », « tableau des TP »).
        next_steps: what the author does next, in French.
    """

    root: Path
    created: dict[Path, str] = field(default_factory=dict)
    edited: dict[Path, tuple[str, str]] = field(default_factory=dict)
    next_steps: list[str] = field(default_factory=list)

    def create(self, path: Path, text: str) -> None:
        if path.exists() or path in self.created:
            raise ScaffoldError(
                f"{self._shown(path)} existe déjà : choisissez un autre identifiant, ou "
                "modifiez le fichier existant."
            )
        self.created[path] = text

    def edit(self, path: Path, text: str, why: str) -> None:
        self.edited[path] = (text, why)

    def current(self, path: Path) -> str:
        """The text of ``path`` with the changes planned so far."""
        if path in self.edited:
            return self.edited[path][0]
        return path.read_text(encoding="utf-8")

    def _shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def apply(self) -> list[str]:
        """Write every change; if one fails, undo those made. Returns the report lines."""
        before: dict[Path, str | None] = {}
        try:
            for path, text in self.created.items():
                before[path] = None
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("x", encoding="utf-8") as stream:
                    stream.write(text)
            for path, (text, _) in self.edited.items():
                before[path] = path.read_text(encoding="utf-8")
                path.write_text(text, encoding="utf-8")
        except OSError as error:
            for path, old in before.items():
                if old is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_text(old, encoding="utf-8")
            raise ScaffoldError(
                f"écriture impossible ({error.strerror or error}) : rien n'a été changé."
            ) from None
        lines = [f"Créé : {self._shown(path)}" for path in self.created]
        lines += [
            f"Modifié : {self._shown(path)} ({why})" for path, (_, why) in self.edited.items()
        ]
        return lines


def suggest_id(text: str) -> str:
    """An id close to ``text``: lower case, no accent, words joined by dashes.

    Example:
        >>> suggest_id("Réseau de Stockage_2")
        'reseau-de-stockage-2'
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _check_id(value: str, what: str) -> None:
    if _ID.match(value):
        return
    suggestion = suggest_id(value)
    hint = f" ; par exemple « {suggestion} »" if suggestion else ""
    raise ScaffoldError(
        f"identifiant de {what} « {value} » invalide : minuscules sans accent, chiffres et tirets "
        f"seulement (ni espace, ni majuscule, ni accent){hint}."
    )


def _title(value: str | None, identifier: str) -> str:
    if value is not None and value.strip():
        return " ".join(value.split())
    return identifier.replace("-", " ").capitalize()


def _yaml_text(text: str) -> str:
    """``text`` for a double-quoted YAML string (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _fill(template: str, values: dict[str, str]) -> str:
    text = _PLACEHOLDER.sub(lambda m: values[m.group(0)[1:-1]], template)
    return text


def _skeleton(name: str) -> str:
    return (SKELETONS / name).read_text(encoding="utf-8")


def _insert_nav(course: Course, changes: Changes, after: NavEntry, title: str, page: str) -> None:
    """Add ``- "title": page`` to the nav of mkdocs.yml on the line after ``after``."""
    mkdocs = course.mkdocs_file
    text = changes.current(mkdocs)
    lines = text.splitlines(keepends=True)
    line = lines[after.line - 1]
    dash = line.find("- ")
    if dash < 0 or line[:dash].strip():
        raise ScaffoldError(
            f"le menu de mkdocs.yml (ligne {after.line}) n'a pas la forme « - Titre: page.md » "
            f"attendue : ajoutez vous-même « - {json.dumps(title, ensure_ascii=False)}: {page} »."
        )
    entry = f"{line[:dash]}- {json.dumps(title, ensure_ascii=False)}: {page}\n"
    lines.insert(after.line, entry)
    new_text = "".join(lines)
    if page not in [e.page for e in read_nav_text(new_text)]:
        raise ScaffoldError(
            f"l'ajout de « {page} » au menu de mkdocs.yml n'a pas donné un menu valide : "
            "ajoutez l'entrée vous-même ; rien n'a été changé."
        )
    changes.edit(mkdocs, new_text, "menu")


def _insert_row(changes: Changes, path: Path, row: str, why: str) -> None:
    """Add ``row`` after the last row of the first table of ``path`` (when there is one)."""
    if not path.is_file():
        return
    lines = changes.current(path).splitlines(keepends=True)
    last = -1
    for index, line in enumerate(lines):
        if line.startswith("|"):
            last = index
        elif last >= 0:
            break
    if last < 0:
        changes.next_steps.append(f"ajoutez une ligne au tableau de {changes._shown(path)}")
        return
    lines.insert(last + 1, row + "\n")
    changes.edit(path, "".join(lines), why)


def _chapter_part(path: Path, part: str) -> str:
    """The ``number`` or the ``slug`` of a chapter file's name."""
    match = CHAPTER_FILE.match(path.name)
    assert match is not None
    return match.group(part)


def _previous_chapter_link(chapters: list[Path]) -> str:
    if not chapters:
        return "aucun."
    last = chapters[-1]
    return f"le [chapitre {int(_chapter_part(last, 'number'))}]({last.name})."


def _lab_bullet(course: Course, lab_id: str, title: str) -> str:
    return f"- [TP : {title}](../tp/{lab_id}.md) : ce que l'étudiant y fait."


def new_chapter(
    course: Course,
    slug: str,
    *,
    title: str | None = None,
    summary: str | None = None,
    quiz: str | None = None,
    labs: tuple[str, ...] = (),
) -> Changes:
    """A chapter numbered after the last one, with its quiz (created, or ``quiz`` if given).

    Args:
        course: the course.
        slug: the chapter's subject, for its file name (``conteneurs`` → ``08-conteneurs.md``).
        title: its title (default: from the slug).
        summary: one sentence, for the page's description and the table of chapters.
        quiz: an existing quiz to embed; without it, a quiz ``slug`` is created.
        labs: existing labs to link from « Pour s'entraîner ».

    Raises:
        ScaffoldError: a refusal; nothing is changed.
    """
    _check_id(slug, "chapitre")
    chapters = course.chapters()
    if any(_chapter_part(p, "slug") == slug for p in chapters):
        raise ScaffoldError(f"un chapitre « {slug} » existe déjà dans docs/chapitres/.")
    number = max((int(_chapter_part(p, "number")) for p in chapters), default=0) + 1
    if number > 99:
        raise ScaffoldError("99 chapitres au plus : les fichiers sont numérotés sur deux chiffres.")
    heading = _title(title, slug)
    changes = Changes(course.root)
    quiz_id = quiz or slug
    if quiz is not None:
        _check_id(quiz, "quiz")
        if quiz not in course.quiz_ids():
            raise ScaffoldError(
                f"le quiz « {quiz} » n'existe pas (quizzes/{quiz}.yaml) : créez-le avec "
                f"« hvlab new quiz {quiz} », ou omettez --quiz pour le créer avec le chapitre."
            )
    else:
        if slug in course.quiz_ids():
            raise ScaffoldError(
                f"le quiz « {slug} » existe déjà : donnez « --quiz {slug} » pour l'intégrer au "
                "chapitre, ou un autre identifiant de chapitre."
            )
        _add_quiz(course, changes, slug, f"Quiz : {heading}")
    known_labs = course.lab_ids()
    bullets = []
    for lab_id in labs:
        _check_id(lab_id, "TP")
        if lab_id not in known_labs:
            raise ScaffoldError(
                f"le TP « {lab_id} » n'existe pas (labs/{lab_id}/lab.yaml) : créez-le avec "
                f"« hvlab new lab {lab_id} », puis reliez-le avec --lab."
            )
        bullets.append(_lab_bullet(course, lab_id, _lab_title(course, lab_id)))
    file_name = f"{number:02d}-{slug}.md"
    path = course.docs_dir / "chapitres" / file_name
    sentence = " ".join((summary or "Ce que ce chapitre présente, en une phrase.").split())
    text = _fill(
        _skeleton("chapitre.md"),
        {
            "numéro": str(number),
            "titre": heading,
            "résumé": json.dumps(sentence, ensure_ascii=False),
            "prérequis": _previous_chapter_link(chapters),
            "liens-tp": "".join(f"{b}\n" for b in bullets) + ("\n" if bullets else ""),
            "quiz": quiz_id,
        },
    )
    changes.create(path, text)
    nav = course.nav()
    chapter_entries = [e for e in nav if re.fullmatch(r"chapitres/\d{2}-[^/]+\.md", e.page)]
    anchor = chapter_entries[-1] if chapter_entries else _entry(nav, "chapitres/index.md")
    _insert_nav(course, changes, anchor, f"{number}. {heading}", f"chapitres/{file_name}")
    _insert_row(
        changes,
        course.docs_dir / "chapitres" / "index.md",
        f"| [{number}. {heading}]({file_name}) | {sentence.rstrip('.')} |",
        "tableau des chapitres",
    )
    changes.next_steps.append(f"écrivez le chapitre dans docs/chapitres/{file_name}")
    if quiz is None:
        changes.next_steps.append(f"écrivez ses questions dans quizzes/{slug}.yaml")
    return changes


def _entry(nav: list[NavEntry], page: str) -> NavEntry:
    for entry in nav:
        if entry.page == page:
            return entry
    raise ScaffoldError(
        f"« {page} » n'est pas dans le menu de mkdocs.yml : je ne sais pas où ajouter la page ; "
        "ajoutez-la vous-même au nav."
    )


def _lab_title(course: Course, lab_id: str) -> str:
    from hvlab.labs.loader import validate_lab

    folder = course.labs_dir / lab_id
    if validate_lab(folder):
        return _title(None, lab_id)
    from hvlab.labs.loader import load_lab

    return load_lab(folder).title


def _add_quiz(course: Course, changes: Changes, quiz_id: str, title: str) -> None:
    text = _fill(_skeleton("quiz.yaml"), {"identifiant": quiz_id, "titre": _yaml_text(title)})
    changes.create(course.quizzes_dir / f"{quiz_id}.yaml", text)


def new_quiz(course: Course, quiz_id: str, *, title: str | None = None) -> Changes:
    """A quiz ``quizzes/<id>.yaml`` from the skeleton (embed it in a chapter next).

    Raises:
        ScaffoldError: a refusal; nothing is changed.
    """
    _check_id(quiz_id, "quiz")
    changes = Changes(course.root)
    _add_quiz(course, changes, quiz_id, _title(title, quiz_id))
    changes.next_steps.append(f"écrivez ses questions dans quizzes/{quiz_id}.yaml")
    changes.next_steps.append(
        "placez-le dans un chapitre : « hvlab new chapter SUJET --quiz "
        f"{quiz_id} », ou un bloc ```quiz (id: {quiz_id}) dans la section « Pour s'entraîner »"
    )
    return changes


def _find_chapter(course: Course, reference: str) -> Path:
    for path in course.chapters():
        match = CHAPTER_FILE.match(path.name)
        assert match is not None
        if reference in (path.name, path.stem, match.group("slug"), match.group("number")) or (
            reference.isdigit() and int(reference) == int(match.group("number"))
        ):
            return path
    listing = ", ".join(p.stem for p in course.chapters()) or "aucun"
    raise ScaffoldError(
        f"chapitre « {reference} » introuvable : donnez son numéro ou son sujet ; chapitres : "
        f"{listing}."
    )


def new_lab(
    course: Course, lab_id: str, *, title: str | None = None, chapter: str | None = None
) -> Changes:
    """A lab folder ``labs/<id>/`` (one working step), its page ``docs/tp/<id>.md`` in the menu
    and in the table of labs, linked from ``chapter``'s « Pour s'entraîner » when given.

    Raises:
        ScaffoldError: a refusal; nothing is changed.
    """
    _check_id(lab_id, "TP")
    if lab_id == "scenarios":
        raise ScaffoldError(
            "« scenarios » est le dossier des scénarios, pas un TP : choisissez un autre "
            "identifiant."
        )
    folder = course.labs_dir / lab_id
    if folder.exists():
        raise ScaffoldError(f"labs/{lab_id} existe déjà : choisissez un autre identifiant.")
    heading = _title(title, lab_id)
    changes = Changes(course.root)
    for skeleton in sorted((SKELETONS / "lab").iterdir()):
        text = skeleton.read_text(encoding="utf-8")
        if skeleton.name == "lab.yaml":
            text = _fill(text, {"identifiant": lab_id, "titre": _yaml_text(heading)})
        changes.create(folder / skeleton.name, text)
    chapter_path = _find_chapter(course, chapter) if chapter is not None else None
    if chapter_path is not None:
        match = CHAPTER_FILE.match(chapter_path.name)
        assert match is not None
        practice_of = (
            f"le [chapitre {int(match.group('number'))}](../chapitres/{chapter_path.name})"
        )
    else:
        practice_of = "le cours"
    page = f"tp/{lab_id}.md"
    changes.create(
        course.docs_dir / page,
        _fill(
            _skeleton("tp.md"), {"identifiant": lab_id, "titre": heading, "chapitre": practice_of}
        ),
    )
    nav = course.nav()
    lab_entries = [
        e for e in nav if re.fullmatch(r"tp/[^/]+\.md", e.page) and e.page != "tp/index.md"
    ]
    anchor = lab_entries[-1] if lab_entries else _entry(nav, "tp/index.md")
    _insert_nav(course, changes, anchor, heading, page)
    _insert_row(
        changes,
        course.docs_dir / "tp" / "index.md",
        f"| [{heading}]({lab_id}.md) | Ce que l'étudiant y fait, en une phrase | 30 min |",
        "tableau des TP",
    )
    if chapter_path is not None:
        _link_from_chapter(changes, chapter_path, _lab_bullet(course, lab_id, heading))
    changes.next_steps.append(
        f"écrivez les étapes dans labs/{lab_id}/ (consigne, départ, solution, vérifications)"
    )
    changes.next_steps.append(f"« hvlab lab solve {lab_id} » vérifie solutions et codes de départ")
    return changes


def _link_from_chapter(changes: Changes, chapter: Path, bullet: str) -> None:
    text = changes.current(chapter)
    start = text.find(_PRACTICE)
    if start < 0:
        raise ScaffoldError(
            f"le chapitre {chapter.name} n'a pas de section « {_PRACTICE} » : ajoutez-la, ou "
            "créez le TP sans --chapter."
        )
    lines = text[start:].splitlines(keepends=True)
    position = None
    for index, line in enumerate(lines[1:], start=1):
        if line.startswith("- ["):
            position = index + 1
        elif line.startswith("#"):
            break
    if position is None:
        quiz_at = next((i for i, line in enumerate(lines) if line.startswith(_QUIZ_HEADING)), None)
        insert = [bullet + "\n", "\n"]
        position = quiz_at if quiz_at is not None else len(lines)
    else:
        while position < len(lines) and lines[position].startswith("  "):
            position += 1  # a bullet continued on the next lines
        insert = [bullet + "\n"]
    lines[position:position] = insert
    changes.edit(chapter, text[:start] + "".join(lines), "lien vers le TP")
