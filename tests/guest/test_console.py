"""hvlab.guest: reading the guest's console as lab code and checks do."""

from __future__ import annotations

from pathlib import Path

import pytest

from hvlab.guest import (
    GuestConsoleError,
    commands,
    console,
    console_path,
    last_output,
    time_seconds,
)

# What busybox's ash prints, as the page's console keeps it (prompt from rootfs/etc/profile).
SESSION = (
    "Tapez « aide » pour la liste des commandes utiles.\n\n"
    "invite:~# uname -m\n"
    "i686\n"
    "invite:~# cd /tmp\n"
    "invite:/tmp# time awk 'BEGIN { print 1 }'\n"
    "1\n"
    "real    0m 2.51s\n"
    "user    0m 2.49s\n"
    "sys     0m 0.01s\n"
    "invite:/tmp# uname -m\n"
    "i686\n"
    "invite:/tmp# "
)


def test_commands_pair_each_command_with_its_output() -> None:
    found = commands(SESSION)
    assert [c.command for c in found] == [
        "uname -m",
        "cd /tmp",
        "time awk 'BEGIN { print 1 }'",
        "uname -m",
        "",
    ]
    assert found[0].output == "i686"
    assert found[1].output == ""


def test_last_output_is_the_latest_matching_command() -> None:
    assert last_output(SESSION, "awk").startswith("1\nreal")
    assert last_output(SESSION + "uname -m\ni386\ninvite:/tmp# ", "uname") == "i386"
    assert last_output(SESSION, "lspci") == ""


@pytest.mark.parametrize(
    ("output", "seconds"),
    [
        ("real\t0m 2.51s\nuser\t0m 2.49s\nsys\t0m 0.01s", 2.51),  # busybox
        ("real\t1m 3.50s\nuser\t1m 3.40s", 63.5),  # busybox over a minute
        ("real\t1h 2m 3.00s", 3723.0),  # busybox over an hour
        ("\nreal\t0m0.135s\nuser\t0m0.130s\nsys\t0m0.004s", 0.135),  # bash's time keyword
        ("4999950000", None),
    ],
)
def test_time_seconds_reads_the_real_line(output: str, seconds: float | None) -> None:
    assert time_seconds(output) == seconds


def test_console_reads_the_file_the_page_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HVLAB_GUEST_CONSOLE_DIR", raising=False)
    (tmp_path / "console-invite.txt").write_text("invite:~# ls\r\n\x1b[6ninvite:~# ", "utf-8")
    assert console() == "invite:~# ls\ninvite:~# "
    assert console_path() == Path("console-invite.txt")


def test_console_folder_can_be_named_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HVLAB_GUEST_CONSOLE_DIR", str(tmp_path))
    (tmp_path / "console-web.txt").write_text("invite:~# ", "utf-8")
    assert console("web") == "invite:~# "


def test_without_a_file_the_recorded_session_is_used_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HVLAB_GUEST_CONSOLE_DIR", raising=False)
    text = console()
    assert "Pentium" in last_output(text, "cat /proc/cpuinfo")
    assert "session enregistrée en exemple" in capsys.readouterr().err
    with pytest.raises(GuestConsoleError, match="démarrez la machine invitée"):
        console(example=False)
    with pytest.raises(GuestConsoleError, match=r"console-autre\.txt"):
        console("autre")
