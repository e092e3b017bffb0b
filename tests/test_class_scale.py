"""Running the course for a whole class: the Binder / repo2docker configuration installs
into a fresh environment and runs a chapter, and the publish workflow tests before it
deploys."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
UV = Path(sys.executable).with_name("uv")


@pytest.mark.build
def test_binder_configuration_installs_and_runs_a_chapter_in_a_fresh_environment(tmp_path):
    """Do what repo2docker does with binder/: a new Python environment, `pip install -r
    binder/requirements.txt` (uv does the same, faster), then binder/postBuild from the
    repository root. Then execute chapter 1 with that environment's Jupyter and kernel."""
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}", runtime
    course = tmp_path / "course"  # a checkout: the files git tracks, nothing built
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\n")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (course / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, course / name)
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    # The network is needed here (PyPI), so the offline guard is not passed on.
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    clean["PATH"] = os.pathsep.join([str(bin_dir), clean.get("PATH", "")])
    install = subprocess.run([str(UV), "pip", "install", "--quiet", "--python", str(python), "-r", "binder/requirements.txt"],
                             cwd=course, env=clean, capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    post = subprocess.run(["bash", "binder/postBuild"], cwd=course, env=clean, capture_output=True, text=True, timeout=300)
    assert post.returncode == 0, post.stderr[-3000:]
    where = subprocess.run([str(python), "-c", "import coursekit; print(coursekit.__file__)"], cwd=tmp_path,
                           env=clean, capture_output=True, text=True)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr  # the fresh install, not ours

    # Run as a learner would: the notebook's own folder, offline (the guard is back on).
    run_env = {**clean, "PYTHONPATH": str(ROOT / "tests" / "offline"), "COURSEKIT_PROGRESS": str(tmp_path / "progress.json")}
    out = tmp_path / "executed.ipynb"
    executed = subprocess.run([str(bin_dir / "jupyter"), "nbconvert", "--to", "notebook", "--execute", "global-context.ipynb",
                               "--output", str(out), "--ExecutePreprocessor.timeout=300"],
                              cwd=course / "notebooks", env=run_env, capture_output=True, text=True, timeout=600)
    assert executed.returncode == 0, executed.stderr[-3000:]
    cells = json.loads(out.read_text(encoding="utf-8"))["cells"]
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert any("application/vnd.coursekit.quiz+json" in o.get("data", {}) for o in outputs), "no quiz was shown"


def test_publish_workflow_runs_every_test_before_it_deploys():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    build_steps = [s.get("run", "") + s.get("uses", "") for s in jobs["test-and-build"]["steps"]]
    tests = next(i for i, s in enumerate(build_steps) if ".ci/run" in s)
    upload = next(i for i, s in enumerate(build_steps) if "upload-pages-artifact" in s)
    assert tests < upload
    assert jobs["test-and-build"]["steps"][upload]["with"]["path"] == "_build/html"  # the learner edition only
    assert jobs["deploy"]["needs"] == "test-and-build"
    assert any("deploy-pages" in s.get("uses", "") for s in jobs["deploy"]["steps"])
    assert "instructor" not in " ".join(build_steps)
