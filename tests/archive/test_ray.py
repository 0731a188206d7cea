"""--executor ray gives the local run's outputs (timings aside): on a local Ray instance, and
(slow) on a cluster of a head and a worker started with ``ray start``."""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from archive_docs import comparable as _comparable

from fiscaldoc import cli

ray = pytest.importorskip("ray")
ROOT = Path(cli.__file__).resolve().parent.parent


def _inputs(tmp_path):
    from archive_docs import make_report

    files = [make_report(tmp_path / "in" / f"r{i}.pdf", i, pages=1 + i % 2) for i in range(3)]
    (tmp_path / "in" / "broken.pdf").write_bytes(b"not a pdf at all")
    return tmp_path / "in"


def test_ray_outputs_equal_local(tmp_path, local_ray, capsys):
    src = _inputs(tmp_path)
    assert cli.main(["convert", str(src), "-o", str(tmp_path / "local")]) == 1
    assert cli.main(["convert", str(src), "-o", str(tmp_path / "ray"), "--executor", "ray"]) == 1
    local, remote = _comparable(tmp_path / "local"), _comparable(tmp_path / "ray")
    assert sorted(local) == sorted(remote) and len(local) > 10
    assert local == remote


def test_ray_workers_get_the_subject_dictionary(tmp_path, local_ray, capsys):
    """The driver ships the dictionary's rows with the configuration: the workers' documents
    carry its canonical names, and every output equals the local run's."""
    from fiscaldoc.archive.query import run_query

    src = _inputs(tmp_path)
    (tmp_path / "dic.csv").write_text("code,name\n221,住房保障支出（官方）\n", encoding="utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text('[subjects]\ndictionary = "dic.csv"\n')
    for name, extra in (("local", []), ("ray", ["--executor", "ray"])):
        assert cli.main(["convert", str(src), "-o", str(tmp_path / name), "--config", str(cfg),
                         *extra]) == 1
        _, rows = run_query(tmp_path / name, "SELECT DISTINCT canonical_name FROM facts "
                                             "WHERE subject_code = '221'")
        assert rows == [("住房保障支出（官方）",)]
    assert _comparable(tmp_path / "local") == _comparable(tmp_path / "ray")


def test_without_ray_the_command_says_what_to_install(tmp_path, monkeypatch, capsys):
    src = _inputs(tmp_path)
    monkeypatch.setitem(sys.modules, "ray", None)       # as if Ray were not installed
    assert cli.main(["convert", str(src), "-o", str(tmp_path / "o"), "--executor", "ray"]) == 2
    assert "fiscaldoc[ray]" in capsys.readouterr().err


def _node(exe, env, *args):
    """``ray start ... --block`` in its own process group (stopped by killing that group)."""
    return subprocess.Popen([exe, "start", "--block", "--disable-usage-stats", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.slow
def test_ray_cluster_head_and_worker(tmp_path, ray_dir):
    """A head and a second node started by ``ray start`` on this machine; the command line
    connects with --address and gives the local outputs."""
    exe = shutil.which("ray", path=str(Path(sys.executable).parent)) or shutil.which("ray")
    if exe is None:
        pytest.skip("the ray command is not installed")
    # a local test cluster without token authentication (Ray >= 2.5x enables it on `ray start`)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_AUTH_MODE": "disabled"}
    address = "127.0.0.1:6391"
    head = _node(exe, env, "--head", "--port=6391", "--num-cpus=1", "--include-dashboard=false",
                 f"--temp-dir={ray_dir}")
    worker = None
    try:
        _wait_for(address, env, nodes=1)
        worker = _node(exe, env, f"--address={address}", "--num-cpus=1")
        _wait_for(address, env, nodes=2)
        src = _inputs(tmp_path)
        local = subprocess.run([sys.executable, "-m", "fiscaldoc", "convert", str(src), "-o",
                                str(tmp_path / "local")], env=env, cwd=ROOT, timeout=300,
                               capture_output=True)
        remote = subprocess.run([sys.executable, "-m", "fiscaldoc", "convert", str(src), "-o",
                                 str(tmp_path / "ray"), "--executor", "ray", "--address",
                                 address], env=env, cwd=ROOT, timeout=300,
                                capture_output=True, text=True)
        assert local.returncode == remote.returncode == 1, remote.stderr
        assert _comparable(tmp_path / "local") == _comparable(tmp_path / "ray")
    finally:
        for proc in (worker, head):
            if proc is not None:
                _stop(proc)


def _wait_for(address, env, nodes, timeout=120.0):
    """Wait until the cluster at ``address`` has ``nodes`` live nodes."""
    code = ("import ray, sys; ray.init(address=sys.argv[1], log_to_driver=False); "
            "print(sum(n['Alive'] for n in ray.nodes()))")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = subprocess.run([sys.executable, "-c", code, address], env=env, capture_output=True,
                           text=True, timeout=120)
        if r.returncode == 0 and r.stdout.strip().splitlines()[-1:] == [str(nodes)]:
            return
        time.sleep(2)
    raise AssertionError(f"the Ray cluster at {address} did not reach {nodes} nodes")
