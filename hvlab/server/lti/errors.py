"""LTI refusals: a French page for the user (what to tell the administrator) and a log line."""

from __future__ import annotations

__all__ = ["LtiError"]

from hvlab.errors import HvlabError


class LtiError(HvlabError):
    """A launch or a service call refused.

    Attributes:
        kind: a short code for the log (``unknown-platform``, ``bad-signature``…).
        message: what the user reads, in French: what happened and what to tell the
            administrator.
        detail: what the administrator reads in the log (values seen).
        status: the HTTP status of the page.
    """

    def __init__(self, kind: str, message: str, detail: str = "", status: int = 400) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.detail = detail
        self.status = status
