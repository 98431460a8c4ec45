"""The embedding model loads offline from site-packages; other models by folder; clear errors otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kg.embeddings import BUNDLED_MODEL_NAME, MAX_TOKENS, Embedder, bundled_model_path, embed_texts, load_encoder
from kg.errors import KgError

NO_NETWORK = """
import socket

def refuse(*args, **kwargs):
    raise OSError("network access attempted")

socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from kg.embeddings import embed_texts

vectors = embed_texts(["offline sentence embeddings", "a second text"])
print(vectors.shape, vectors.dtype)
"""


def test_bundled_model_embeds_with_every_network_call_refused() -> None:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    }
    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK], env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "(2, 384) float32"


def test_query_embeddings_are_unit_float32_rows() -> None:
    vectors = embed_texts(["graph neural networks", "protein folding", "graph neural networks"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-2)
    np.testing.assert_array_equal(vectors[0], vectors[2])
    assert vectors[0] @ vectors[1] < 0.5


def test_bundled_model_can_be_named_or_given_as_a_folder() -> None:
    by_default = load_encoder()
    by_name = load_encoder(BUNDLED_MODEL_NAME)
    by_folder = load_encoder(str(bundled_model_path()))
    assert by_name.model_id == by_default.model_id
    assert by_folder.model_id != by_default.model_id  # a folder is identified by its path and file fingerprint
    texts = ["retrieval augmented generation"]
    cosine = float(Embedder(by_folder).embed(texts)[0] @ Embedder(by_default).embed(texts)[0])
    assert cosine > 0.99


def test_a_model_that_is_neither_a_folder_nor_cached_is_a_one_line_kg_error() -> None:
    with pytest.raises(KgError, match="never downloads") as raised:
        load_encoder("no-such-owner/no-such-model-for-kg-tests")
    assert "\n" not in str(raised.value)


def test_a_folder_that_is_not_a_model_is_a_kg_error(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="cannot load"):
        load_encoder(str(tmp_path))


def test_texts_are_cut_to_the_token_limit_which_is_part_of_the_model_id() -> None:
    encoder = load_encoder()
    long_text = "graph neural networks for molecules " * 80
    vectors = encoder.encode([long_text, long_text + " and then something entirely about protein folding"])
    np.testing.assert_array_equal(vectors[0], vectors[1])
    assert encoder.model.max_seq_length == MAX_TOKENS and encoder.model_id.endswith(f"|{MAX_TOKENS}")


@pytest.mark.parametrize("value", ["abc", "8", "100000"])
def test_a_bad_kg_max_tokens_is_a_one_line_error(tmp_path: Path, value: str) -> None:
    listing = Path(__file__).resolve().parent.parent / "seeds" / "hf-trending-papers-apr22.txt"
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(listing), "-o", str(tmp_path / "graph.json")],
        env={**os.environ, "KG_MAX_TOKENS": value},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"KG_MAX_TOKENS={value!r}" in result.stderr and "16 to 512" in result.stderr
    assert not (tmp_path / "graph.json").exists()
