"""The wheel, installed in a clean virtual environment with no data folder beside it, predicts at once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _wheel(tmp_path: Path) -> Path:
    """`pip wheel --no-deps` of a copy of the project (the checkout itself gets no build folder)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = tmp_path / "dist"
    # The build backend of this environment (setuptools, a test dependency): no download, works offline.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            dist,
            source,
        ],
        check=True,
        timeout=600,
    )
    (wheel,) = dist.glob("redress-*.whl")
    return wheel


def _clean_env(tmp_path: Path) -> Path:
    """A new virtual environment holding only the wheel; its dependencies are read from this environment's
    site-packages, added by a .pth line (so nothing is downloaded). The project's own editable install is
    not seen there: a .pth file of a folder added that way is not read."""
    target = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    dependencies = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "redress-dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n")
    return target


@pytest.mark.slow
def test_the_wheel_in_a_clean_environment_predicts_products_from_the_shipped_model(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "redress/triage/model/bootstrap.npz" in names
    assert "redress/triage/model/bootstrap.json" in names
    env = _clean_env(tmp_path)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            env / "bin" / "python",
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            wheel,
        ],
        check=True,
        timeout=600,
    )
    work = tmp_path / "elsewhere"  # no ../shared anywhere near: not beside the checkout, nor the environment
    work.mkdir()
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REDRESS_", "DATABASE_URL", "CELERY_", "DJANGO_", "PYTHONPATH"))
    }
    environ["REDRESS_HOME"] = str(work / "home")  # a fresh home, not even migrated: predict needs no database
    where = subprocess.run(
        [env / "bin" / "python", "-c", "import redress; print(redress.__file__)"],
        env=environ,
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(env)), where.stdout  # the installed wheel, not this checkout
    texts = [
        {"id": "en", "text": "My mortgage servicer lost my escrow payment and charged me a late fee on my home loan."},
        {"id": "zh", "text": "我的信用卡被盗刷了两万元，银行一直不处理"},
    ]
    result = subprocess.run(
        [env / "bin" / "redress", "triage", "predict"],
        input="\n".join(json.dumps(t, ensure_ascii=False) for t in texts) + "\n",
        env=environ,
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    english, chinese = (json.loads(line) for line in result.stdout.splitlines() if line.strip())
    assert english["product"] == "Mortgage" and english["business"] == "loan"
    assert english["explanation"]["model"] == "bootstrap"
    # CFPB products describe US complaints: a Chinese text gets its business line from the model.
    assert chinese["business"] == "bank_card" and chinese["explanation"]["model"] == "bootstrap"
    assert "fraud" in chinese["flags"]
