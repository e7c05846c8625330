"""The server's settings: where the data is, what it serves, its limits.

``hvlab serve`` builds them from its options; worker processes started by uvicorn read them back
from the environment variable ``HVLAB_SERVER_SETTINGS`` (JSON), so that every process of one
server runs with the same ones.
"""

from __future__ import annotations

__all__ = ["ENVIRONMENT_VARIABLE", "Settings"]

import dataclasses
import json
import os
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hvlab.errors import HvlabError

ENVIRONMENT_VARIABLE = "HVLAB_SERVER_SETTINGS"


@dataclass(frozen=True)
class Settings:
    """Settings of one server (every process of it).

    Attributes:
        database_url: a SQLite file (``hvlab.db``) or ``postgresql://user@host/base``.
        quizzes_dir: the folder of the quiz files évaluations are made from.
        labs_dir: the folder of the labs a course may link as graded labs (LTI).
        lab_time_s: time limit of one run of a student's code in a graded lab, in seconds.
        site_dir: a built site (``mkdocs build``) to serve at ``/`` as well; "" for none.
        public_url: the address people type (``https://hvlab.lycee.fr``): behind a TLS proxy it
            turns on ``Secure`` cookies and HSTS, and LTI uses it. "" when serving on a LAN
            without TLS.
        timezone: the school's time zone, for the times teachers type and read.
        max_body_bytes: largest request body accepted.
        pool_size: database connections per process.
        join_limit: joins allowed per client address per ``join_window_s`` (a class behind a
            school's NAT shares one address: a few hundred, not a few).
        join_window_s: the window of ``join_limit``.
        login_limit: failed-or-not login attempts per address (and per account) per window.
        login_window_s: the window of ``login_limit``.
        teacher_session_s: how long a teacher stays logged in.
        student_session_s: how long a student's browser keeps its attempts.
        grace_s: answers arriving this long after a deadline still count (network delay).
        sweep_interval_s: how often a process submits the attempts whose deadline passed.
    """

    database_url: str = "hvlab.db"
    quizzes_dir: str = "quizzes"
    labs_dir: str = "labs"
    lab_time_s: float = 10.0
    site_dir: str = ""
    public_url: str = ""
    timezone: str = "Europe/Paris"
    max_body_bytes: int = 64 * 1024
    pool_size: int = 16
    join_limit: int = 300
    join_window_s: int = 300
    login_limit: int = 10
    login_window_s: int = 900
    teacher_session_s: int = 12 * 3600
    student_session_s: int = 24 * 3600
    grace_s: float = 3.0
    sweep_interval_s: float = 5.0

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise HvlabError(
                f"fuseau horaire inconnu : « {self.timezone} » (exemple : Europe/Paris)"
            ) from None
        if self.public_url and not self.public_url.startswith(("http://", "https://")):
            raise HvlabError(
                f"adresse publique invalide : « {self.public_url} » (exemple : "
                "https://hvlab.lycee.fr)"
            )

    @property
    def zone(self) -> ZoneInfo:
        """The school's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def secure_cookies(self) -> bool:
        """Whether cookies carry ``Secure`` (the public address is HTTPS)."""
        return self.public_url.startswith("https://")

    def to_environment(self) -> str:
        """JSON for :data:`ENVIRONMENT_VARIABLE`."""
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_environment(cls) -> Settings:
        """The settings a parent process left in :data:`ENVIRONMENT_VARIABLE` (defaults if none)."""
        raw = os.environ.get(ENVIRONMENT_VARIABLE, "")
        if not raw:
            return cls()
        data: dict[str, Any] = json.loads(raw)
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
