"""The application: :func:`create_app` assembles settings, database, routes and middleware.

``uvicorn`` calls :func:`app_from_environment` in each worker process (``--workers N``).
"""

from __future__ import annotations

__all__ = ["app_from_environment", "create_app"]

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from hvlab.server import errors
from hvlab.server.auth import LoginRequired, login_redirect
from hvlab.server.context import Clock, ServerContext
from hvlab.server.lti import views as lti_views
from hvlab.server.lti.errors import LtiError
from hvlab.server.security import SecurityMiddleware
from hvlab.server.settings import Settings
from hvlab.server.store import Database, migrate, open_database
from hvlab.server.sweeper import sweep_forever
from hvlab.server.views import assets as asset_views
from hvlab.server.views import labs as lab_views
from hvlab.server.views import student, teacher
from hvlab.server.views.common import templates

log = logging.getLogger("hvlab.server")


async def _root(request: Request) -> Response:
    return RedirectResponse("/rejoindre", 303)


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock = time.time,
    database: Database | None = None,
    sweeper: bool = True,
) -> Starlette:
    """The ASGI application of one server process.

    Args:
        settings: the settings (defaults: ``hvlab.db`` in the current folder, ``quizzes/``).
        clock: the server's clock (tests pass one they move by hand).
        database: an open database (default: open ``settings.database_url``); it is migrated.
        sweeper: run the background task that submits attempts whose time is up.

    Raises:
        hvlab.server.store.DatabaseError: the database cannot be opened or migrated (French).
    """
    settings = settings or Settings()
    database = database or open_database(settings.database_url, pool_size=settings.pool_size)
    migrate(database)
    context = ServerContext(settings=settings, database=database, clock=clock)
    book = context.book
    assets = asset_views.find_assets(settings.site_dir)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(sweep_forever(context, book)) if sweeper else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            context.graded_labs.close()
            database.close()

    routes: list[BaseRoute] = [
        *teacher.routes(),
        *student.routes(),
        *lti_views.routes(),
        *lab_views.routes(),
    ]
    if not assets.site_dir:
        routes.append(Route("/", _root))
    routes += asset_views.mounts(assets)
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                SecurityMiddleware,
                max_body_bytes=settings.max_body_bytes,
                https=settings.secure_cookies,
            )
        ],
        lifespan=lifespan,
    )
    errors.install(app)
    app.add_exception_handler(LoginRequired, login_redirect)
    app.add_exception_handler(LtiError, lti_views.lti_error)
    app.state.context = context
    app.state.book = book
    app.state.assets = assets
    app.state.templates = templates()
    return app


def app_from_environment() -> Any:
    """Factory for uvicorn's workers: the settings come from the parent ``hvlab serve``."""
    return create_app(Settings.from_environment())
