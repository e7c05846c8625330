"""hvlab as an LTI tool for the tests: served by uvicorn in a thread (the test platform calls it
back over HTTP), the test platform registered in it, and a browser's whole launch."""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
import pytest
import uvicorn

from tests.server.conftest import QUIZZES, ManualClock, add_teacher
from tests.server.live import free_port
from tests.server.lti_platform import TestPlatform

#: The labs a course may link as graded labs in the tests (one small lab of two steps).
LABS = Path(__file__).with_name("labs")


@dataclass
class Tool:
    """hvlab served by uvicorn in a thread (the platform calls it back over HTTP)."""

    app: Any
    url: str
    clock: ManualClock
    browsers: list[httpx2.Client] = field(default_factory=list)

    def browser(self) -> httpx2.Client:
        """A new browser (its own cookies), closed with the fixture."""
        client = httpx2.Client(base_url=self.url, timeout=20, follow_redirects=False)
        self.browsers.append(client)
        return client


@pytest.fixture
def tool(database_url: str) -> Iterator[Tool]:
    from hvlab.server import Settings, create_app

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    clock = ManualClock(time.time())
    app = create_app(
        Settings(
            database_url=database_url,
            quizzes_dir=str(QUIZZES),
            labs_dir=str(LABS),
            lab_time_s=3.0,
            public_url=url,
            pool_size=4,
        ),
        clock=clock,
        sweeper=False,
    )
    add_teacher(app, admin=True)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    made = Tool(app=app, url=url, clock=clock)
    yield made
    for browser in made.browsers:
        browser.close()
    server.should_exit = True
    thread.join(timeout=20)
    app.state.context.graded_labs.close()
    app.state.context.database.close()


@pytest.fixture
def platform(tool: Tool) -> Iterator[TestPlatform]:
    from hvlab.server.lti import platforms

    with TestPlatform(clock=tool.clock) as made:
        made.tool_jwks_url = tool.url + "/lti/jwks.json"
        settings = platforms.settings_from_values(made.registration())
        with tool.app.state.context.write() as tx:
            platforms.register_platform(tx, settings, tool.clock())
        yield made


def launch(
    tool: Tool,
    platform: TestPlatform,
    claims: Any,
    *,
    browser: httpx2.Client | None = None,
    login_hint: str = "",
    tamper: Any = None,
) -> tuple[httpx2.Response, httpx2.Client]:
    """A browser's whole launch: login initiation, the platform's authorization, the post back."""
    client = browser or tool.browser()
    hint = login_hint or f"hint-{time.monotonic_ns()}"
    platform.prepare(hint, claims)
    start = client.get(
        "/lti/login",
        params={
            "iss": platform.issuer,
            "login_hint": hint,
            "target_link_uri": tool.url + "/lti/launch",
            "client_id": platform.client_id,
            "lti_deployment_id": platform.deployment_id,
        },
    )
    assert start.status_code == 302, start.text
    authorize = httpx2.get(start.headers["location"], timeout=20)
    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', authorize.text))
    fields = {k: html.unescape(v) for k, v in fields.items()}
    action = html.unescape(re.search(r'action="([^"]+)"', authorize.text).group(1))  # type: ignore[union-attr]
    assert action == tool.url + "/lti/launch"
    if tamper:
        fields = tamper(fields)
    return client.post("/lti/launch", data=fields), client
