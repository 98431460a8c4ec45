"""Methods: the paper's own (PROPOSES) and other named methods (USES), from real seed sentences."""

from __future__ import annotations

import pytest

from kg.extract.acronyms import AcronymTable
from kg.extract.entities.resolve import extract_entities
from kg.extract.paper_text import read_paper_text
from kg.records import Label, Link, Paper, Relation
from kg.vocabulary.lexicon import load_lexicon


def _links(title: str, abstract: str) -> list[Link]:
    return extract_entities(read_paper_text(Paper(id="p", title=title, abstract=abstract)), AcronymTable())


def _keys(links: list[Link], relation: Relation) -> set[str]:
    return {link.target.key for link in links if link.relation is relation}


def test_own_method_with_acronym_is_proposed_with_both_forms_as_aliases() -> None:
    links = _links(
        "Filter2Noise: Interpretable Self-Supervised Single-Image Denoising for Low-Dose CT",
        "Self-supervised approaches rely on deep networks like U-Net. To address these challenges, we propose an "
        "interpretable self-supervised single-image denoising framework -- Filter2Noise (F2N). We extend the concept "
        "of Noise2Noise to a single image. F2N outperforms the leading self-supervised single-image method (ZS-N2N) "
        "by 4.59 dB PSNR.",
    )
    [proposed] = [link for link in links if link.relation is Relation.PROPOSES]
    assert (proposed.target.label, proposed.target.key, proposed.target.name) == (
        Label.METHOD,
        "filter2noise",
        "Filter2Noise",
    )
    assert "F2N" in proposed.target.aliases
    assert _keys(links, Relation.USES) == {"u net", "noise2noise", "zs n2n"}


@pytest.mark.parametrize(
    ("sentence", "own"),
    [
        (
            "In this work, we develop a new metric, called SharpeRatio@k, which measures the risk-return tradeoff.",
            "sharperatio@k",
        ),
        ("To reduce the time spent, we introduce a novel method called KV Prediction.", "kv prediction"),
        ("This paper proposes a framework called <projektor>, which predicts model performance.", "projektor"),
        ("We refer to the modified RPS, which incorporates our improvements, as STABLE-RPS.", "stable rps"),
        ("Our ConvFirst model with block-fusion kernels has less arithmetic complexity.", "convfirst"),
        ("In this thesis, we introduce Greenformers, a collection of model efficiency methods.", "greenformer"),
        ("We present OLMo 2, the next generation of our fully open language models.", "olmo 2"),
        (
            "These models were parameterized to explore two methods: a novel auto-adaptive data reduction "
            "technique (Variance Horizon) and a concept drift-detection mechanism.",
            "variance horizon",
        ),
        (
            "This paper introduces a novel approach, Two-Stage Deep Decision Rules (TS-DDR), to efficiently train "
            "parametric actor policies using Lagrangian Duality.",
            "two stage deep decision rule",
        ),
    ],
)
def test_naming_and_proposal_cues_mark_the_papers_own_method(sentence: str, own: str) -> None:
    assert _keys(_links("A study", sentence), Relation.PROPOSES) == {own}


def test_the_name_before_the_title_colon_is_proposed() -> None:
    links = _links("ReWOO: Decoupling Reasoning from Observations for Efficient Augmented Language Models", "It works.")
    assert _keys(links, Relation.PROPOSES) == {"rewoo"}


def test_a_short_title_acronym_is_resolved_through_its_subtitle() -> None:
    links = _links(
        "PYRA: Parallel Yielding Re-Activation for Training-Inference Efficient Task Adaptation", "PYRA works."
    )
    [proposed] = [link for link in links if link.relation is Relation.PROPOSES]
    assert proposed.target.key == "parallel yielding re activation"
    assert set(proposed.target.aliases) | {proposed.target.name} >= {"PYRA", "Parallel Yielding Re-Activation"}


def test_existing_methods_named_with_called_are_used_not_proposed() -> None:
    links = _links(
        "Greenformers",
        "We further compare our model with an existing low-rank factorization approach called Linformer.",
    )
    assert _keys(links, Relation.USES) == {"linformer"}
    assert _keys(links, Relation.PROPOSES) == set()


@pytest.mark.parametrize(
    ("sentence", "used"),
    [
        (
            "We employ a variety of popular regression techniques (XGBoost, FC-MLP, Transformer, and LSTM) for forecasting.",
            {"xgboost", "fc mlp", "transformer", "lstm"},
        ),
        (
            "RPS consistently outperforms all moderately informed pruning strategies, such as MAG, SNIP, SYNFLOW, and GRASP.",
            {"mag", "snip", "synflow", "grasp"},
        ),
        ("We identified issues in the state-of-the-art technique ROAST, specifically regarding stability.", {"roast"}),
        (
            "The model is designed with a SMPL-like linear blend shape model and a StyleGAN-based neural UV-texture generator.",
            {"smpl", "stylegan"},
        ),
        ("Our illustrative work offloads reasoning ability from 175B GPT3.5 into 7B LLaMA.", {"gpt 3.5", "llama"}),
        (
            "Tuning the hyperparameter of the Sharpness Aware Minimization method improves pruning.",
            {"sharpness aware minimization"},
        ),
        (
            "Existing approaches for optimizing code efficiency for CodeLLMs like SOAP and PIE exhibit certain limitations.",
            {"soap", "pie"},
        ),
        (
            "Recent works in volume rendering, e.g. NeRF and 3D Gaussian Splatting (3DGS), advance rendering quality.",
            {"nerf", "3dgs"},
        ),
        ("In the past years, scaling of transformer-based language models has grown rapidly.", {"transformer"}),
        (
            "Five-fold cross validation shows it outperforms four models (Swin UNETR, DynUNet, Attention UNet, UNet).",
            {"swin unetr", "dynunet", "attention u net", "u net"},
        ),
    ],
)
def test_named_methods_in_method_contexts_are_used(sentence: str, used: set[str]) -> None:
    assert _keys(_links("A study", sentence), Relation.USES) == used


@pytest.mark.parametrize(
    "sentence",
    [
        "Augmented Language Models (ALMs) blend the reasoning capabilities of Large Language Models (LLMs) with tools.",
        "Existing Reinforcement Learning (RL) methods often struggle with sample efficiency.",
        "Parameter Efficient Fine-Tuning (PEFT) provides a practical solution for large models.",
        "F2N outperforms the baseline by 4.59 dB PSNR and 0.888 AUC on 1500 patients.",
        "Recently, transformers have achieved competitive performance compared to CNNs in computer vision.",
        "We provide a general theorem using the Bellman equation and a Gaussian process.",
        "Training GPT-3 in Microsoft's state-of-the-art U.S. data centers can evaporate clean freshwater, OpenAI said.",
        "A point w is called an alpha-stationary point of a function F:R^drightarrowR if it is small.",
    ],
)
def test_generic_classes_metrics_units_organisations_and_math_are_not_methods(sentence: str) -> None:
    keys = {
        link.target.key for link in _links("A study", sentence) if link.target.label in (Label.METHOD, Label.DATASET)
    }
    assert not keys & {
        "alm",
        "augmented language model",
        "llm",
        "large language model",
        "rl",
        "reinforcement learning",
        "peft",
        "parameter efficient fine tuning",
        "psnr",
        "db",
        "auc",
        "cnn",
        "bellman",
        "gaussian",
        "microsoft",
        "openai",
        "u.s",
        "drightarrowr",
    }


def test_a_name_never_merges_with_a_different_name_that_shares_a_word() -> None:
    links = _links(
        "Spatial-Spectral Morphological Mamba for Hyperspectral Image Classification",
        "The Mamba architecture offers an efficient alternative to Transformers. This paper introduces the "
        "Spatial-Spectral Morphological Mamba (MorpMamba) model for classification.",
    )
    assert _keys(links, Relation.USES) == {"mamba", "transformer"}
    [proposed] = [link for link in links if link.relation is Relation.PROPOSES]
    assert "MorpMamba" in {proposed.target.name, *proposed.target.aliases}


def test_versions_of_one_model_family_are_different_entities() -> None:
    links = _links(
        "A study", "Our models outperform Llama 3.1 and Qwen 2.5, and match GPT-4 and GPT-3.5 while Gemma 2 lags."
    )
    assert _keys(links, Relation.USES) == {"llama 3.1", "qwen 2.5", "gpt 4", "gpt 3.5", "gemma 2"}


def test_sized_tuned_and_patch_sized_model_names_stay_whole() -> None:
    links = _links(
        "A study",
        "We fine-tune Llama 2-7B, OPT-2.7B and Qwen2.5-VL-7B-Instruct, and compare with Molmo-7B, Mixtral-8x7B, "
        "DiT-XL/2 and a CLIP ViT-L/14 encoder on PET/CT scans.",
    )
    names = {link.target.name for link in links if link.relation is Relation.USES}
    assert names == {
        "Llama 2-7B",
        "OPT-2.7B",
        "Qwen2.5-VL-7B-Instruct",
        "Molmo-7B",
        "Mixtral-8x7B",
        "DiT-XL/2",
        "CLIP ViT-L/14",
    }


def test_acronyms_of_lowercase_notions_are_not_methods_unless_used_as_one() -> None:
    links = _links(
        "A study",
        "Demosaicing makes parameters such as the degree of polarization (DoP) and angle of polarization (AoP) "
        "prone to error. Existing polarized image demosaicing (PID) methods cannot enhance resolution. "
        "We compare against methods such as sparse attention pruning (SpAP), and fuse views using gated feature "
        "fusion (GaFF).",
    )
    assert _keys(links, Relation.USES) == {"sparse attention pruning", "gated feature fusion"}


@pytest.mark.parametrize(
    ("abstract", "not_a_name"),
    [
        ("A 10.8mW Ising solver reaches 200Hz on 16GB of memory.", {"10.8mw", "200hz", "16gb"}),
        ("Experiments show it wins. i.e. Our SuperCL achieves a superior performance.", {"our supercl"}),
        ("PIDSR:ComplementaryPolarizedImageDemosaicingandSuper-Resolution is studied here.", None),
        ("It is evaluated with pass@k and pass@1 on HumanEval.", {"pass@k", "pass@1"}),
    ],
)
def test_units_pronouns_glued_words_and_metrics_do_not_make_methods(abstract: str, not_a_name: set[str] | None) -> None:
    keys = {link.target.key for link in _links("A study", abstract) if link.target.label is Label.METHOD}
    if not_a_name is None:
        assert not any(len(key) > 30 for key in keys)
    else:
        assert not keys & not_a_name


def test_every_link_quotes_the_sentence_it_came_from() -> None:
    abstract = "We study pruning. Our method beats SparseGPT (Frantar & Alistarh, 2023) on OPT models. It is fast."
    [link] = [link for link in _links("A study", abstract) if link.target.key == "sparsegpt"]
    assert link.evidence == "Our method beats SparseGPT (Frantar & Alistarh, 2023) on OPT models."


def test_method_lexicon_is_case_aware_but_forgives_plural_hyphen_and_first_letter() -> None:
    methods = load_lexicon("methods")
    assert methods.lookup("transformers") is methods.lookup("Transformer") is not None
    assert methods.lookup("GPT4") is methods.lookup("GPT-4") is not None
    assert methods.lookup("Llama3") is methods.lookup("Llama 3") is not None
    assert methods.lookup("soap") is None and methods.lookup("adapter") is None
    assert methods.lookup("Adapters") is not None


def test_method_lexicon_lists_a_few_hundred_well_known_names_with_a_documented_header() -> None:
    methods = load_lexicon("methods")
    assert len(methods.entries) >= 300
    for name in [
        "Transformer",
        "BERT",
        "GPT-4",
        "LLaMA",
        "Mamba",
        "U-Net",
        "ResNet",
        "LoRA",
        "PPO",
        "DQN",
        "Adam",
        "NeRF",
        "3DGS",
        "SparseGPT",
        "vLLM",
        "XGBoost",
        "AlexNet",
    ]:
        assert methods.lookup(name) is not None, name
