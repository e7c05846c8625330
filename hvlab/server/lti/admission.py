"""What a checked launch opens: the LMS user becomes a teacher or a student of hvlab, with no
password, and lands on the évaluation (or the page) the link points to.

* the user, the course (context) and the link are recorded (``lti_users``, ``lti_contexts``,
  ``lti_links``), with the course's service addresses (grades, members);
* a teacher gets a teacher account of its own, bound to (platform, subject), never usable with a
  password;
* a student of a link to an évaluation gets an attempt in their name — the platform vouches for
  who they are, so their attempt follows them from one browser to another, unlike a join by code.
"""

from __future__ import annotations

__all__ = ["Admission", "admit"]

import hashlib
import logging
import re
from dataclasses import dataclass

from hvlab.server import labs as graded_labs
from hvlab.server.context import ServerContext
from hvlab.server.errors import Problem
from hvlab.server.grading import QuizBook, new_plan
from hvlab.server.lti.errors import LtiError
from hvlab.server.lti.launch import Launch
from hvlab.server.store import Transaction, accounts
from hvlab.server.store import attempts as attempt_store
from hvlab.server.store import evaluations as evaluation_store
from hvlab.server.submission import submit_attempt
from hvlab.server.text import printable

log = logging.getLogger("hvlab.server.lti")


@dataclass(frozen=True)
class Admission:
    """Where the browser goes after the launch, and the session it opens."""

    redirect: str
    session_token: str
    session_lifetime_s: int
    teacher_id: int | None = None
    link_id: int | None = None
    context_pk: int | None = None


def _user(tx: Transaction, launch: Launch) -> tuple[int, int | None, str]:
    """The LMS user's row: (id, teacher account, student number).

    The student number is the one of the first launch: it names the user's attempts, which must
    not change if the platform later shares (or stops sharing) its ID number.
    """
    row = tx.one(
        "INSERT INTO lti_users (platform_id, subject, name, student_number) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (platform_id, subject) DO UPDATE SET name = excluded.name"
        " RETURNING id, teacher_id, student_number",
        (launch.platform.id, launch.subject, launch.name, launch.student_number),
    )
    assert row is not None
    teacher = int(row["teacher_id"]) if row["teacher_id"] is not None else None
    return int(row["id"]), teacher, str(row["student_number"])


def _teacher(
    tx: Transaction, launch: Launch, user_id: int, teacher_id: int | None, now: float
) -> int:
    if teacher_id is not None:
        tx.execute("UPDATE teachers SET display_name = ? WHERE id = ?", (launch.name, teacher_id))
        return teacher_id
    username = f"lti:{launch.platform.id}:{launch.subject}"[:100]
    found = accounts.find_teacher(tx, username)
    # "!" is no Argon2 hash: the account can never log in with a password.
    teacher = found[0] if found else accounts.create_teacher(tx, username, launch.name, "!", now)
    tx.execute("UPDATE lti_users SET teacher_id = ? WHERE id = ?", (teacher.id, user_id))
    return teacher.id


def _context(tx: Transaction, launch: Launch) -> int | None:
    if not launch.context_id:
        return None
    row = tx.one(
        "INSERT INTO lti_contexts (platform_id, deployment_id, context_id, title, memberships_url,"
        " lineitems_url) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform_id, context_id) DO UPDATE"
        " SET title = excluded.title, memberships_url = COALESCE(excluded.memberships_url,"
        " lti_contexts.memberships_url), lineitems_url = COALESCE(excluded.lineitems_url,"
        " lti_contexts.lineitems_url) RETURNING id",
        (
            launch.platform.id,
            launch.deployment_id,
            launch.context_id,
            launch.context_title or launch.context_id,
            launch.memberships_url or None,
            launch.lineitems_url or None,
        ),
    )
    assert row is not None
    return int(row["id"])


def _link(
    tx: Transaction, launch: Launch, context_pk: int | None
) -> tuple[int, int | None, str | None]:
    """The resource link's row: (id, évaluation, lab) — what the link opens."""
    evaluation_id = None
    wanted = launch.custom.get("evaluation", "")
    if wanted:
        evaluation = evaluation_store.get_evaluation(tx, wanted[:40])
        evaluation_id = evaluation.id if evaluation else None
    lab_id = launch.custom.get("lab", "")[:100] or None
    row = tx.one(
        "INSERT INTO lti_links (platform_id, context_pk, resource_link_id, evaluation_id,"
        " lineitem_url, lab_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform_id,"
        " resource_link_id) DO UPDATE SET context_pk = excluded.context_pk,"
        " evaluation_id = COALESCE(excluded.evaluation_id, lti_links.evaluation_id),"
        " lineitem_url = COALESCE(excluded.lineitem_url, lti_links.lineitem_url),"
        " lab_id = COALESCE(excluded.lab_id, lti_links.lab_id)"
        " RETURNING id, evaluation_id, lab_id",
        (
            launch.platform.id,
            context_pk,
            launch.resource_link_id,
            evaluation_id,
            launch.lineitem_url or None,
            lab_id,
        ),
    )
    assert row is not None
    return (
        int(row["id"]),
        int(row["evaluation_id"]) if row["evaluation_id"] is not None else None,
        str(row["lab_id"]) if row["lab_id"] is not None else None,
    )


def _student_attempt(
    context: ServerContext,
    book: QuizBook,
    tx: Transaction,
    *,
    evaluation_id: int,
    user_id: int,
    link_id: int,
    launch: Launch,
    student_number: str,
    session_hash: str,
) -> str:
    """The student's attempt at the évaluation (resumed, or started): its public id."""
    now = context.now()
    evaluation = evaluation_store.get_evaluation_by_id(tx, evaluation_id)
    assert evaluation is not None
    if now < evaluation.opens_at:
        raise Problem(409, f"L'évaluation « {evaluation.title} » n'est pas encore ouverte.")
    # The attempts are the LMS user's own (never those of whoever else used the same number: a
    # join by code, or a student of another platform with the same ID number).
    previous = attempt_store.lti_attempts(tx, evaluation.id, user_id)
    number = previous[-1].student_number if previous else student_number
    if not previous and attempt_store.number_taken(tx, evaluation.id, number, user_id):
        taken = number
        number = _own_number(launch)
        log.warning(
            "LTI : le numéro %s est déjà utilisé dans l'évaluation %s par quelqu'un d'autre ; "
            "l'utilisateur %s de la plateforme %s reçoit le numéro %s",
            taken,
            evaluation.public_id,
            printable(launch.subject),
            launch.platform.id,
            number,
        )
    adjustment = evaluation_store.get_adjustment(tx, evaluation.id, number)
    current = next((a for a in previous if not a.submitted), None)
    if current is not None and current.deadline_at + context.settings.grace_s <= now:
        submit_attempt(tx, book, current.id, "deadline", now)
        current = None
    if current is not None:
        tx.execute(
            "UPDATE attempts SET owner_session = ?, lti_link_id = ? WHERE id = ?",
            (session_hash, link_id, current.id),
        )
        return current.public_id
    allowed = evaluation.max_attempts + adjustment.extra_attempts
    if previous and (
        len(previous) >= allowed or now >= evaluation.closes_at + adjustment.extra_time_s
    ):
        last = previous[-1]
        tx.execute("UPDATE attempts SET owner_session = ? WHERE id = ?", (session_hash, last.id))
        return last.public_id
    if now >= evaluation.closes_at + adjustment.extra_time_s:
        raise Problem(409, f"L'évaluation « {evaluation.title} » est fermée.")
    quiz = book.quiz(evaluation.quiz_fingerprint, evaluation.quiz_json)
    assert quiz is not None
    attempt = attempt_store.create_attempt(
        tx,
        evaluation_id=evaluation.id,
        student_number=number,
        student_name=launch.name,
        attempt_no=len(previous) + 1,
        owner_session=session_hash,
        plan=new_plan(quiz),
        started_at=now,
        deadline_at=evaluation.deadline(now, adjustment.extra_time_s),
    )
    tx.execute(
        "UPDATE attempts SET lti_user_id = ?, lti_link_id = ? WHERE id = ?",
        (user_id, link_id, attempt.id),
    )
    return attempt.public_id


def admit(context: ServerContext, book: QuizBook, launch: Launch, site_url: str) -> Admission:
    """Record the launch, open a session, and say where the browser goes (blocking)."""
    now = context.now()
    settings = context.settings
    with context.write() as tx:
        user_id, teacher_id, student_number = _user(tx, launch)
        context_pk = _context(tx, launch)
        if launch.is_teacher:
            teacher_id = _teacher(tx, launch, user_id, teacher_id, now)
            token, _session = accounts.create_session(
                tx, teacher_id, now, settings.teacher_session_s, platform_id=launch.platform.id
            )
            if launch.message_type != "LtiResourceLinkRequest":
                return Admission(
                    "", token, settings.teacher_session_s, teacher_id, None, context_pk
                )
            link_id, evaluation_id, lab_id = _link(tx, launch, context_pk)
            page = launch.custom.get("page", "")
            if evaluation_id is None and lab_id is not None:
                # A teacher of the course opening a graded lab follows its progress.
                graded_labs.allow_teacher(tx, link_id, teacher_id)
                redirect = f"/enseignant/tp/{link_id}"
            elif evaluation_id is not None:
                evaluation = evaluation_store.get_evaluation_by_id(tx, evaluation_id)
                assert evaluation is not None
                redirect = f"/enseignant/e/{evaluation.public_id}"
            elif page:
                redirect = _page(site_url, page)
            else:
                redirect = "/enseignant/"
            return Admission(
                redirect, token, settings.teacher_session_s, teacher_id, link_id, context_pk
            )
        if launch.message_type != "LtiResourceLinkRequest":
            raise LtiError(
                "no-role",
                "Seul un enseignant peut choisir un contenu hvlab pour le cours.",
                "demande de sélection de contenu par un étudiant",
                status=403,
            )
        link_id, evaluation_id, lab_id = _link(tx, launch, context_pk)
        token, session = accounts.create_session(
            tx, None, now, settings.student_session_s, platform_id=launch.platform.id
        )
        page = launch.custom.get("page", "")
        lab = context.graded_labs.lab(lab_id) if lab_id is not None else None
        if evaluation_id is None and lab is not None:
            public_id = graded_labs.lab_attempt_for(
                tx,
                lab,
                link_id=link_id,
                user_id=user_id,
                name=launch.name,
                number=student_number,
                session_hash=session.token_hash,
                now=now,
            )
            return Admission(
                f"/tp-note/{public_id}",
                token,
                settings.student_session_s,
                None,
                link_id,
                context_pk,
            )
        if evaluation_id is None:
            if page:
                return Admission(
                    _page(site_url, page),
                    token,
                    settings.student_session_s,
                    None,
                    link_id,
                    context_pk,
                )
            raise LtiError(
                "unknown-resource",
                "Ce lien ne mène à aucune évaluation ni à aucun TP de hvlab (supprimé ?). "
                "Signalez-le à l'enseignant du cours.",
                f"resource_link {launch.resource_link_id[:80]}, custom {launch.custom}",
                status=404,
            )
        attempt = _student_attempt(
            context,
            book,
            tx,
            evaluation_id=evaluation_id,
            user_id=user_id,
            link_id=link_id,
            launch=launch,
            student_number=student_number,
            session_hash=session.token_hash,
        )
        return Admission(
            f"/copie/{attempt}", token, settings.student_session_s, None, link_id, context_pk
        )


def _own_number(launch: Launch) -> str:
    """A number only this LMS user has (``lms-<platform>-<subject>``, 40 characters at most)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "-", launch.subject)
    if len(cleaned) > 24:
        cleaned = hashlib.sha256(launch.subject.encode("utf-8")).hexdigest()[:16]
    return f"lms-{launch.platform.id}-{cleaned}"


def _page(site_url: str, page: str) -> str:
    """A page of the site (a practice quiz, a lab): only a path of this site, never elsewhere."""
    path = "/" + page.lstrip("/")
    if "//" in path or "\\" in path or ".." in path:
        raise LtiError(
            "bad-page", "Ce lien mène à une page invalide.", f"page {page[:80]!r}", status=404
        )
    return site_url.rstrip("/") + path
