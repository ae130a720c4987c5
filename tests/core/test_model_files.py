"""The semantic model's files: downloaded once over HTTP (a loopback server here) or taken from
EMBEDDING_MODEL_DIR, each verified; every failure is one line naming the problem and the fix."""

from __future__ import annotations

import logging
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_settings import REPO, clear_settings, problem_lines, start

from bot.catalogue import load_catalogue
from bot.config import Settings
from bot.semantic import load_meaning
from bot.semantic import model_files as mf
from bot.semantic.model_files import (
    FILES,
    MODEL_REPO,
    MODEL_REVISION,
    TOKENIZER,
    WEIGHTS,
    ModelFiles,
    ModelUnavailable,
    download_folder,
    downloaded_copy,
    local_copy,
)

PREFIX = f"/{MODEL_REPO}/resolve/{MODEL_REVISION}/"


class Hub:
    """A loopback stand-in for the model hub: serves ``files`` (name: bytes) at the pinned
    revision's paths, 404 for anything else; ``requests`` lists every path asked for."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.requests: list[str] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                hub.requests.append(self.path)
                name = self.path.removeprefix(PREFIX)
                body = hub.files.get(name) if self.path.startswith(PREFIX) else None
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def hub() -> Iterator[Callable[[dict[str, bytes]], Hub]]:
    """``hub(files)`` starts a loopback hub serving ``files``; all are stopped at teardown."""
    started: list[Hub] = []

    def _start(files: dict[str, bytes]) -> Hub:
        server = Hub(files)
        started.append(server)
        return server

    yield _start
    for server in started:
        server.close()


@pytest.fixture(scope="session")
def real_files(model_dir: Path) -> dict[str, bytes]:
    """The model's two files as bytes (what the hub serves)."""
    return {name: (model_dir / name).read_bytes() for name in FILES}


def place(model_dir: Path, folder: Path, *names: str) -> None:
    """Copy the real (verified) ``names`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(model_dir / name, folder / name)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.part")) if folder.exists() else []


# -- 1. download once ---------------------------------------------------------------------------


def test_downloaded_once_into_the_data_folder_then_never_again(
    tmp_path: Path, hub, real_files: dict[str, bytes], caplog: pytest.LogCaptureFixture
) -> None:
    server = hub(real_files)
    data_dir = tmp_path / "data"
    with caplog.at_level(logging.INFO, logger=mf.__name__):
        files = downloaded_copy(data_dir, server.url)
    folder = download_folder(data_dir)
    assert files == ModelFiles(folder)
    assert folder.is_relative_to(data_dir / "models") and MODEL_REVISION[:12] in folder.name
    assert sorted(server.requests) == sorted(PREFIX + name for name in FILES)
    for name, (size, _) in FILES.items():
        assert (folder / name).stat().st_size == size
    assert files.weights.read_bytes() == real_files[WEIGHTS]
    assert files.tokenizer.read_bytes() == real_files[TOKENIZER]
    assert mf._problem(files.weights, WEIGHTS) is None and mf._problem(files.tokenizer, TOKENIZER) is None
    assert leftovers(folder) == [] and sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    progress = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    for name in FILES:
        assert any(m.startswith(f"Downloading the semantic model's {name}") for m in progress), progress
        assert [m for m in progress if m.startswith(f"... {name}: ")] == [
            f"... {name}: {percent} %" for percent in (25, 50, 75, 100)
        ], progress
    assert any(f"{server.url}{PREFIX}{WEIGHTS}" in m and "(90.9 MB)" in m for m in progress), progress

    caplog.clear()
    with caplog.at_level(logging.INFO, logger=mf.__name__):
        assert downloaded_copy(data_dir, server.url) == files  # the second start
    assert len(server.requests) == 2  # nothing asked for again
    assert not [r for r in caplog.records if r.levelno >= logging.INFO]


def test_a_missing_file_alone_is_downloaded(tmp_path: Path, hub, real_files, model_dir: Path) -> None:
    server = hub(real_files)
    data_dir = tmp_path / "data"
    place(model_dir, download_folder(data_dir), WEIGHTS)  # an earlier start stopped half-way
    downloaded_copy(data_dir, server.url)
    assert server.requests == [PREFIX + TOKENIZER]


# -- 2. a corrupt download ----------------------------------------------------------------------


@pytest.mark.parametrize("corruption", ["same size, other bytes", "truncated"])
def test_a_corrupt_download_is_refused_and_deleted(
    tmp_path: Path, hub, real_files, model_dir: Path, corruption: str
) -> None:
    good = real_files[TOKENIZER]
    if corruption == "truncated":
        bad, expected = good[: len(good) // 2], f"is {len(good) // 2:,} bytes, not {len(good):,}"
    else:
        bad = good[:1000] + bytes([good[1000] ^ 1]) + good[1001:]
        expected = "does not match the pinned sha256"
    assert len(bad) == len(good) or corruption == "truncated"
    server = hub({**real_files, TOKENIZER: bad})
    data_dir = tmp_path / "data"
    folder = download_folder(data_dir)
    place(model_dir, folder, WEIGHTS)  # only the tokenizer is fetched (keeps the test fast)
    with pytest.raises(ModelUnavailable) as caught:
        downloaded_copy(data_dir, server.url)
    message = str(caught.value)
    assert "\n" not in message
    assert f"the downloaded {TOKENIZER} {expected}" in message, message
    assert "EMBEDDING_MODEL_DIR" in message and "downloaded again at the next start" in message
    assert not (folder / TOKENIZER).exists()  # the bad file is not left in place
    assert leftovers(folder) == []
    assert (folder / WEIGHTS).exists()  # the good one stays

    server.files[TOKENIZER] = good  # the next start fetches it again, and it is fine now
    assert downloaded_copy(data_dir, server.url).tokenizer.read_bytes() == good
    assert server.requests == [PREFIX + TOKENIZER] * 2


def test_a_corrupt_file_already_in_the_data_folder_is_replaced(
    tmp_path: Path, hub, real_files, model_dir: Path
) -> None:
    server = hub(real_files)
    data_dir = tmp_path / "data"
    folder = download_folder(data_dir)
    place(model_dir, folder, WEIGHTS)
    (folder / TOKENIZER).write_bytes(b"{}")
    downloaded_copy(data_dir, server.url)
    assert server.requests == [PREFIX + TOKENIZER]
    assert (folder / TOKENIZER).read_bytes() == real_files[TOKENIZER]


# -- 3. no server / not found ---------------------------------------------------------------------


def closed_port_url() -> str:
    """A loopback URL nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("case", ["server down", "404"])
def test_no_download_names_the_url_and_embedding_model_dir(tmp_path: Path, hub, case: str) -> None:
    url = closed_port_url() if case == "server down" else hub({}).url
    data_dir = tmp_path / "data"
    with pytest.raises(ModelUnavailable) as caught:
        downloaded_copy(data_dir, url)
    message = str(caught.value)
    assert "\n" not in message
    assert f"could not download {url}{PREFIX}{WEIGHTS}" in message, message
    assert "404" in message if case == "404" else "refused" in message.lower(), message
    assert "set EMBEDDING_MODEL_DIR" in message
    folder = download_folder(data_dir)
    assert leftovers(folder) == [] and not (folder / WEIGHTS).exists()


# -- 4. EMBEDDING_MODEL_DIR -----------------------------------------------------------------------


def test_local_copy_verified(model_dir: Path) -> None:
    files = local_copy(model_dir)
    assert files.weights == model_dir / WEIGHTS and files.tokenizer == model_dir / TOKENIZER


@pytest.mark.parametrize("case", ["empty", "missing folder", "truncated weights", "no tokenizer"])
def test_local_copy_names_the_setting_and_the_file(tmp_path: Path, model_dir: Path, case: str) -> None:
    folder = tmp_path / "model"
    name, expected = WEIGHTS, f"{WEIGHTS} is missing"
    if case == "empty":
        folder.mkdir()
    elif case == "truncated weights":
        folder.mkdir()
        with (model_dir / WEIGHTS).open("rb") as full:
            (folder / WEIGHTS).write_bytes(full.read(1_000_000))
        place(model_dir, folder, TOKENIZER)
        expected = f"{WEIGHTS} is 1,000,000 bytes, not {FILES[WEIGHTS][0]:,}"
    elif case == "no tokenizer":
        place(model_dir, folder, WEIGHTS)
        name, expected = TOKENIZER, f"{TOKENIZER} is missing"
    with pytest.raises(ModelUnavailable) as caught:
        local_copy(folder)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"EMBEDDING_MODEL_DIR={folder}: {expected}; "), message
    assert name in message and "unset it to download them" in message


# -- 5. load_meaning never raises -------------------------------------------------------------------


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_load_meaning_with_an_unusable_model_dir_warns_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with caplog.at_level(logging.INFO):
        assert load_meaning(load_catalogue(), empty, tmp_path / "data") is None
    (line,) = warnings_of(caplog)
    assert line.startswith("Semantic layer off"), line
    assert f"EMBEDDING_MODEL_DIR={empty}" in line and "\n" not in line
    assert not (tmp_path / "data").exists()  # no download was tried


def test_load_meaning_without_a_network_warns_once(tmp_path: Path, caplog) -> None:
    with caplog.at_level(logging.WARNING):
        assert load_meaning(load_catalogue(), None, tmp_path / "data", closed_port_url()) is None
    (line,) = warnings_of(caplog)
    assert line.startswith("Semantic layer off") and "could not download" in line, line


def test_load_meaning_with_files_that_will_not_load_warns_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    """Files that pass the checks but do not load (a broken install) still only warn."""
    import bot.semantic as semantic

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / WEIGHTS).write_bytes(b"not safetensors")
    (broken / TOKENIZER).write_text("{", encoding="utf-8")
    monkeypatch.setattr(semantic, "local_copy", lambda folder: ModelFiles(folder))
    with caplog.at_level(logging.WARNING):
        assert load_meaning(load_catalogue(), broken, tmp_path / "data") is None
    (line,) = warnings_of(caplog)
    assert line.startswith("Semantic layer off") and "could not be loaded" in line, line


# -- 6. settings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"), [("OFF", False), ("off", False), (" on ", True), ("On", True), ("", True)]
)
def test_semantic_on_or_off(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    clear_settings(monkeypatch)
    monkeypatch.setenv("SEMANTIC", raw)
    settings, problems = Settings.read(load_dotenv=False)
    assert problems == [] and settings.semantic is expected


def test_semantic_maybe_is_one_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_settings(monkeypatch)
    monkeypatch.setenv("SEMANTIC", "Maybe")
    _, problems = Settings.read(load_dotenv=False)
    assert problems == ["SEMANTIC must be on or off, got 'Maybe'"]


def test_semantic_maybe_stops_the_start_in_one_line(tmp_path: Path) -> None:
    (line,) = problem_lines(start(tmp_path, SEMANTIC="maybe"))
    assert line.startswith("SEMANTIC") and "on or off" in line and "'maybe'" in line
    assert not (tmp_path / "data").exists()


def test_embedding_model_dir_is_taken_from_the_project_root(monkeypatch, tmp_path: Path) -> None:
    clear_settings(monkeypatch)
    monkeypatch.chdir(tmp_path)
    assert Settings.from_env(load_dotenv=False).embedding_model_dir is None
    monkeypatch.setenv("EMBEDDING_MODEL_DIR", "models/minilm")
    assert Settings.from_env(load_dotenv=False).embedding_model_dir == REPO / "models" / "minilm"
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("EMBEDDING_MODEL_DIR", "~/minilm")
    assert Settings.from_env(load_dotenv=False).embedding_model_dir == tmp_path / "minilm"
    monkeypatch.setenv("EMBEDDING_MODEL_DIR", str(tmp_path / "abs"))
    assert Settings.from_env(load_dotenv=False).embedding_model_dir == tmp_path / "abs"


# -- 7. doctor ---------------------------------------------------------------------------------------


def semantic_row(stdout: str) -> tuple[str, str]:
    """The doctor's "semantic model" row: (ok|FAIL, detail)."""
    (line,) = [line for line in stdout.splitlines() if line.startswith("semantic model ")]
    status, _, detail = line.removeprefix("semantic model").strip().partition(" ")
    return status, detail.strip()


def test_doctor_semantic_off(tmp_path: Path) -> None:
    result = start(tmp_path, "doctor", SEMANTIC="off", EMBEDDING_MODEL_DIR="")
    assert result.returncode == 0, result.stdout + result.stderr
    status, detail = semantic_row(result.stdout)
    assert status == "ok" and detail.startswith("off (SEMANTIC=off)"), detail


def test_doctor_semantic_on_not_downloaded_yet(tmp_path: Path) -> None:
    result = start(tmp_path, "doctor", SEMANTIC="on", EMBEDDING_MODEL_DIR="")
    assert result.returncode == 0, result.stdout + result.stderr
    status, detail = semantic_row(result.stdout)
    assert status == "ok" and detail.startswith("not downloaded yet"), detail
    assert "91 MB" in detail and "EMBEDDING_MODEL_DIR" in detail
    assert not (tmp_path / "data").exists()  # doctor downloads nothing


def test_doctor_fails_on_an_empty_embedding_model_dir(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = start(tmp_path, "doctor", SEMANTIC="on", EMBEDDING_MODEL_DIR=str(empty))
    assert result.returncode == 1, result.stdout + result.stderr
    status, detail = semantic_row(result.stdout)
    assert status == "FAIL", result.stdout
    assert detail.startswith(f"EMBEDDING_MODEL_DIR={empty}: {WEIGHTS} is missing"), detail
    assert "1 problem(s)" in result.stdout


def test_doctor_verified_copies(tmp_path: Path, model_dir: Path) -> None:
    result = start(tmp_path, "doctor", SEMANTIC="on", EMBEDDING_MODEL_DIR=str(model_dir))
    assert semantic_row(result.stdout) == ("ok", f"{model_dir} (EMBEDDING_MODEL_DIR), verified")
    folder = download_folder(tmp_path / "data")
    place(model_dir, folder, *FILES)
    result = start(tmp_path, "doctor", SEMANTIC="on", EMBEDDING_MODEL_DIR="")
    assert semantic_row(result.stdout) == ("ok", f"{folder}, verified")


def test_a_bad_model_folder_never_stops_the_bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """doctor flags it, but `run` starts anyway (and answers by words only)."""
    from bot import preflight

    clear_settings(monkeypatch)
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SEMANTIC", "on")
    monkeypatch.setenv("EMBEDDING_MODEL_DIR", str(empty))
    settings = Settings.from_env(load_dotenv=False)
    rows = {check.name: check for check in preflight.checks(settings)}
    assert not rows["semantic model"].ok
    assert not any("EMBEDDING_MODEL_DIR" in line for line in preflight.problems(settings))
