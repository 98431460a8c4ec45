"""ConceptIndex finds every spelling of a concept as a sequence of normalized words; acronyms only as written."""

from __future__ import annotations

from kg.vocabulary.concept_index import ConceptIndex, normalized_words

INDEX = ConceptIndex(
    {
        "large language model": ["large language model", "LLM"],
        "diffusion model": ["diffusion model"],
        "latent diffusion model": ["latent diffusion model", "LDM"],
        "synthetic aperture radar": ["synthetic aperture radar", "SAR"],
        "chain of thought": ["chain of thought", "CoT"],
        "vision language model": ["vision-language model", "VLM"],
    }
)


def found(sentence: str, **options: bool) -> list[tuple[str, str]]:
    return [(occurrence.concept, occurrence.written) for occurrence in INDEX.find(sentence, **options)]


def test_number_case_and_hyphens_do_not_matter_for_words():
    assert found("Vision Language Models and vision-language models") == [
        ("vision language model", "Vision Language Models"),
        ("vision language model", "vision-language models"),
    ]


def test_an_acronym_matches_as_written_and_in_its_plural():
    assert found("We prompt LLMs with CoT.") == [("large language model", "LLMs"), ("chain of thought", "CoT")]


def test_an_acronym_in_lowercase_is_an_ordinary_word_not_the_concept():
    assert found("the sar values of a cot bed") == []


def test_lowercase_text_such_as_keys_can_be_searched_with_acronyms_folded():
    assert found("llm reasoning", exact_case=False) == [("large language model", "llm")]


def test_a_longer_concept_and_the_concept_inside_it_are_both_found_longest_first():
    assert found("A latent diffusion model") == [
        ("latent diffusion model", "latent diffusion model"),
        ("diffusion model", "diffusion model"),
    ]


def test_a_whole_form_names_its_concept_and_a_part_does_not():
    assert INDEX.concept_named("Latent Diffusion Models") == "latent diffusion model"
    assert INDEX.concept_named("LLMs") == "large language model"
    assert INDEX.concept_named("llms") is None
    assert INDEX.concept_named("diffusion") is None


def test_normalized_words_are_singular_lowercase_and_split_on_punctuation():
    assert normalized_words("Multi-Object Tracking/Detectors") == ("multi", "object", "tracking", "detector")
