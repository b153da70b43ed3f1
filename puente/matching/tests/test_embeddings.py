"""Texts are encoded when a profile or an application changes, in the background, and a run
only reads them."""

import numpy as np
import pytest
from django.urls import reverse

from puente.conftest import client_for
from puente.matching import services
from puente.matching.models import TextEmbedding

pytestmark = pytest.mark.django_db(transaction=True)  # callbacks run on a real commit


def test_saving_a_profile_encodes_the_persons_texts(world):
    assert not TextEmbedding.objects.exists()
    client = client_for(world.mentor)
    response = client.post(
        reverse("accounts:profile-edit"),
        {
            "full_name": world.mentor.full_name,
            "language": "en",
            "time_zone": "America/Bogota",
            "areas_offered": "Finanzas para pequeñas empresas y flujo de caja",
            "areas_wanted": "Aprender a liderar equipos",
        },
    )
    assert response.status_code == 302
    membership = world.program.memberships.get(user=world.mentor)
    offered = TextEmbedding.objects.get(membership=membership, kind="offered")
    vector = np.frombuffer(bytes(offered.vector), dtype=np.float32)
    assert offered.encoder.startswith("hashed-tfidf")  # the test settings' encoder
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)
    # Nothing changed: a second refresh encodes nothing.
    assert services.embeddings_refresh(program=world.program) == 0


def test_a_run_reads_cached_vectors_and_never_encodes(world, monkeypatch):
    services.embeddings_refresh(program=world.program)

    def refuse(*args, **kwargs):
        raise AssertionError("a match run must not encode text")

    monkeypatch.setattr(services, "get_encoder", refuse)
    run = services.match_run(program=world.program, by=world.coordinator)
    assert run.matched == 1
