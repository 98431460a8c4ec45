"""`--device auto|cpu|cuda`: auto takes the GPU torch sees, else the CPU, `kg -v` says which; cuda without one fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from click.testing import CliRunner

from kg.cli import main
from kg.embeddings import load_encoder, resolve_device
from kg.errors import KgError

THREE_PAPERS = Path(__file__).parent / "data" / "graph" / "three_papers.jsonl"
GPU = torch.cuda.is_available()


def test_auto_is_cuda_with_a_gpu_and_the_cpu_without():
    assert resolve_device("auto") == ("cuda" if GPU else "cpu")
    assert resolve_device("cpu") == "cpu"


def test_the_model_runs_on_the_device_auto_resolves_to():
    assert load_encoder(device="auto").model.device.type == resolve_device("auto")


def test_a_verbose_build_says_which_device_the_model_ran_on(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg",
            "-v",
            "build",
            str(THREE_PAPERS),
            "-o",
            str(tmp_path / "graph.json"),
            "--top-n",
            "3",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    device = "cuda" if GPU else "cpu"
    assert f"kg.embeddings: embedding model sentence-transformers/all-MiniLM-L6-v2 on {device} in" in result.stderr


@pytest.mark.skipif(GPU, reason="this machine has a CUDA GPU")
def test_cuda_without_a_gpu_is_one_clear_error_before_extraction(tmp_path):
    with pytest.raises(KgError, match="--device cuda: torch sees no CUDA GPU here"):
        resolve_device("cuda")
    result = CliRunner().invoke(
        main, ["build", str(THREE_PAPERS), "-o", str(tmp_path / "graph.json"), "--device", "cuda"]
    )
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert "use --device cpu or auto" in result.output and "extracting" not in result.output
    assert list(tmp_path.iterdir()) == []
