"""Synthetic citation-shaped graphs for the benchmark (see bench/run.py)."""

from __future__ import annotations

import json
import random
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORDS = _words("sparse attention efficient language model scaling transformer retrieval augmented reasoning "
         "chain thought reinforcement learning human feedback diffusion image generation contrastive "
         "vision encoder decoder mixture experts tokenization byte pair instruction tuning alignment "
         "preference optimization agent tool planning memory long context speech recognition code "
         "synthesis benchmark evaluation robust adversarial quantization distillation pruning "
         "self supervised pretraining multimodal graph neural network policy gradient value function "
         "world model latent variational autoencoder normalizing flow energy based score matching "
         "interpretability circuit probing calibration uncertainty federated privacy safety")
FIRST = _words("Ada Alan Grace Edsger Barbara John Donald Frances Leslie Shafi Yoshua Geoffrey Yann Fei "
         "Andrew Ilya Oriol Quoc Noam Ashish Jakob Llion Aidan Lukasz Niki Percy Chelsea Pieter "
         "Sergey Dario Tom Jared Sam Alec Jeff Kaiming Ross Jian Xiangyu Shaoqing Diederik Jimmy "
         "Mira Ananya Priya Wei Xin Yu Hao Jun Li Chen Zhang Wang Kenji Sakura Omar Layla")
LAST = _words("Lovelace Turing Hopper Dijkstra Liskov McCarthy Knuth Allen Lamport Goldwasser Bengio Hinton "
        "LeCun Li Ng Sutskever Vinyals Le Shazeer Vaswani Uszkoreit Jones Gomez Kaiser Parmar Liang "
        "Finn Abbeel Levine Amodei Brown Kaplan Altman Radford Dean He Girshick Sun Zhang Ren Kingma "
        "Ba Murati Kumar Patel Zhou Wu Yang Liu Huang Zhao Tanaka Sato Haddad Nasser Okafor Silva")
KINDS = ("architecture", "method", "training", "data", "scaling", "evaluation", "critique")
VERBS = ("extends", "scales up", "reuses", "refines", "replaces", "answers", "adapts", "simplifies")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def generate(n: int, folder: Path, *, seed: int = 6, refs: float = 10.5) -> dict[str, object]:
    """Write ``papers.yaml`` and ``edges.yaml`` for ``n`` papers with about ``refs``
    prerequisites each (fewer for the first papers); return facts about the graph."""
    from lineage.model import TOPICS

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids: list[str] = []
    paper_lines: list[str] = ["# synthetic benchmark graph\n"]
    span_months = 35 * 12
    for i in range(n):
        month_index = i * span_months // n
        year, month = 1990 + month_index // 12, 1 + month_index % 12
        words = rng.sample(WORDS, rng.randint(3, 7))
        title = " ".join(w.capitalize() if k == 0 or len(w) > 3 else w for k, w in enumerate(words))
        pid = f"{words[0]}-{words[1]}-{i}"
        ids.append(pid)
        count = rng.randint(3, 8)
        authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(count)]
        if count > 6:
            authors = authors[:3] + ["et al."]
        topics = rng.sample(TOPICS, rng.randint(1, 3))
        arxiv = f"{year % 100:02d}{month:02d}.{i % 100000:05d}"
        summary = (f"Introduces {' '.join(words[:3])} and shows that {' '.join(rng.sample(WORDS, 4))} "
                   f"improves {' '.join(rng.sample(WORDS, 3))} on {rng.randint(2, 12)} benchmarks.")
        why = f"Made {' '.join(words[:2])} practical for {' '.join(rng.sample(WORDS, 3))}."
        paper_lines.append(
            f"- id: {pid}\n  title: {_q(title)}\n  authors: [{', '.join(authors)}]\n"
            f"  year: {year}\n  month: {month}\n  arxiv: \"{arxiv}\"\n  topics: [{', '.join(topics)}]\n"
            f"  summary: {_q(summary)}\n  why: {_q(why)}\n")
    edge_lines: list[str] = ["# synthetic benchmark edges\n"]
    targets: list[int] = []  # every builds_on so far: sampling it is preferential attachment
    edges = 0
    for i in range(1, n):
        want = min(i, max(1, int(rng.gauss(refs, 3))))
        chosen: set[int] = set()
        while len(chosen) < want:
            if targets and rng.random() < 0.35:
                j = rng.choice(targets)           # popular papers get cited more
            else:
                j = i - 1 - min(i - 1, int(rng.expovariate(1 / (0.02 * n + 20))))  # recent papers
            chosen.add(j)
        for j in sorted(chosen):
            targets.append(j)
            edges += 1
            edge_lines.append(
                f"- paper: {ids[i]}\n  builds_on: {ids[j]}\n  kind: {rng.choice(KINDS)}\n"
                f"  why: {_q(f'{rng.choice(VERBS)} the {ids[j].split(chr(45))[0]} idea of {ids[j]}')}\n")
    (folder / "papers.yaml").write_text("".join(paper_lines), encoding="utf-8")
    (folder / "edges.yaml").write_text("".join(edge_lines), encoding="utf-8")
    return {"papers": n, "edges": edges, "ids": ids}


if __name__ == "__main__":
    import sys

    facts = generate(int(sys.argv[1]), Path(sys.argv[2]))
    print(facts["papers"], facts["edges"])
