#!/usr/bin/env python3
"""Writes cards.jsonl and queries.jsonl, the evaluation set of semantic search (docs/discovery.md).

Cards are composed from capabilities.py in five authors' styles (terse, the Trainer's generated card, long prose,
a facts table with usage code, a casual note); queries come from queries.py. Fixed seed: the files are
committed, and rerunning this writes them again byte for byte.
"""
import json, random, pathlib
from capabilities import CAPS
from queries import QUERIES

rng = random.Random(17)
here = pathlib.Path(__file__).parent
AUTHORS = ["acme-ai", "nlp-lab", "jdoe", "meridian", "tensorworks", "univ-leiden-nlp", "kiko", "datacraft", "openvision",
           "soundlab", "polyglot-ml", "ravi-k", "northwind", "quanta", "m-garcia", "deepfield", "lumen", "bytebrew",
           "hanna-s", "civic-ai", "fjord", "atlas-research", "pixelforge", "wattson"]
LICENSES = ["apache-2.0", "mit", "cc-by-4.0", "cc-by-nc-4.0", "openrail", "llama3", "gpl-3.0", "other"]
LANGS = ["en", "en", "en", "de", "fr", "nl", "es", "multilingual", "ja", "zh"]
SMALL = {"table-qa", "depth-estimation", "rl", "forecasting"}
HUMAN = {k: k.replace("-", " ") for k in CAPS}
HUMAN.update({"ner": "entity recognition", "asr": "speech recognition", "tts": "speech synthesis", "rl": "game playing",
              "chat": "open-ended chat", "zero-shot": "zero-shot labelling", "ocr": "document reading"})


def pick(xs, n=1):
    return rng.sample(xs, min(n, len(xs)))


def trainer_card(c, name, base, data, metric):
    lines = [f"# {name}", "",
             f"This model is a fine-tuned version of [{base}](https://huggingface.co/{base}) on the {data} dataset." if base else f"This model was trained on {data}.",
             "It achieves the following results on the evaluation set:",
             f"- Loss: {rng.uniform(0.05, 1.2):.4f}", f"- {metric.title()}: {rng.uniform(0.6, 0.97):.4f}", "",
             "## Model description", "", "More information needed", "",
             "## Intended uses & limitations", "", "More information needed", "",
             "## Training procedure", "", "### Training hyperparameters", "",
             f"- learning_rate: {rng.choice(['2e-05', '3e-05', '5e-05', '1e-04'])}",
             f"- train_batch_size: {rng.choice([8, 16, 32])}", f"- num_epochs: {rng.choice([1, 3, 5, 10])}",
             "- optimizer: Adam with betas=(0.9,0.999) and epsilon=1e-08", "",
             "### Framework versions", "", "- Transformers 4.44.2", "- Pytorch 2.4.0"]
    if rng.random() < 0.5:  # half the generated cards got one line of description from their author
        lines[lines.index("## Model description") + 2] = rng.choice(c["desc"])
    return "\n".join(lines)


def prose_card(c, cap, name, base, data, metric):
    d = pick(c["desc"], 2)
    other = rng.choice([k for k in CAPS if k != cap and k not in c["related"]])
    parts = [f"# {name}", "", " ".join(d), "",
             "## Intended uses", "", f"Typical applications include {', '.join(pick(c['uses'], 2))}.", "",
             "## Training data", "", (f"Fine-tuned from `{base}` on {data}." if base else f"Trained on {data}."), "",
             "## Evaluation", "", f"On the held-out split it reaches {rng.uniform(0.55, 0.95):.3f} {metric}.", "",
             "## Limitations", "",
             rng.choice([f"It was not built for {HUMAN[other]}, and results outside its training domain will be worse.",
                         "Expect degraded quality on text or media unlike the training data.",
                         f"Do not rely on it for high-stakes decisions; for {HUMAN[other]} use a dedicated model."]), ""]
    if rng.random() < 0.4:
        parts += ["## Citation", "", "```bibtex", f"@misc{{{name.replace('-', '')},", f"  title={{{name}}},", "  year={2024}", "}", "```"]
    return "\n".join(parts)


def facts_card(c, name, base, data, metric):
    code = {"transformers": f'from transformers import pipeline\npipe = pipeline("{c["task"]}", model="{name}")\nprint(pipe(x))',
            "diffusers": f'from diffusers import DiffusionPipeline\npipe = DiffusionPipeline.from_pretrained("{name}")\nimage = pipe(prompt).images[0]',
            "sentence-transformers": f'from sentence_transformers import SentenceTransformer\nmodel = SentenceTransformer("{name}")\nvectors = model.encode(texts)',
            "stable-baselines3": f'from huggingface_sb3 import load_from_hub\ncheckpoint = load_from_hub("{name}", "model.zip")',
            "timm": f'import timm\nmodel = timm.create_model("hf_hub:{name}", pretrained=True)',
            "ultralytics": f'from ultralytics import YOLO\nmodel = YOLO("{name}.pt")\nresults = model(source)',
            "espnet": f'from espnet2.bin.tts_inference import Text2Speech\ntts = Text2Speech.from_pretrained("{name}")'}[c["library"]]
    rows = [("Base", base or "trained from scratch"), ("Data", data), (metric, f"{rng.uniform(0.5, 0.95):.2f}")]
    return "\n".join([f"# {name}", "", rng.choice(c["desc"]), "", "| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
                     + ["", "## Usage", "", "```python", code, "```"])


def casual_card(c, name, base, data):
    d = rng.choice(c["desc"])
    return (f"{rng.choice(['Hi!', 'Quick experiment.', 'Weekend project:', 'Note to self:'])} {d[0].lower() + d[1:]} "
            f"{('Started from ' + base + ', ') if base else ''}trained for a few epochs on {data}. "
            f"{rng.choice(['Works ok-ish, no guarantees.', 'Feedback welcome!', 'Good enough for my use case.', 'Still improving it.'])}")


def terse_card(c, name, base, data):
    if base and rng.random() < 0.3:
        return f"{base} fine-tuned on {data}."
    return rng.choice(c["desc"])


cards, seen = [], set()
for cap, c in CAPS.items():
    n = 12 if cap in SMALL else 15
    for i in range(n):
        stem = c["names"][i % len(c["names"])]
        author = rng.choice(AUTHORS)
        name = stem if i < len(c["names"]) else f"{stem}-v{i // len(c['names']) + 1}"
        rid = f"{author}/{name}"
        while rid in seen:
            rid = f"{rng.choice(AUTHORS)}/{name}"
        seen.add(rid)
        base = rng.choice(c["bases"]) if c["bases"] else None
        data = rng.choice(c["datasets"]) if c["datasets"] else rng.choice(["LunarLander-v2", "SpaceInvadersNoFrameskip-v4", "HalfCheetah-v4", "CartPole-v1"])
        metric = rng.choice(c["metrics"])
        style = ["terse", "trainer", "prose", "facts", "casual"][i % 5]
        body = {"terse": lambda: terse_card(c, name, base, data), "trainer": lambda: trainer_card(c, name, base, data, metric),
                "prose": lambda: prose_card(c, cap, name, base, data, metric), "facts": lambda: facts_card(c, name, base, data, metric),
                "casual": lambda: casual_card(c, name, base, data)}[style]()
        cards.append({"id": rid, "capability": cap, "style": style, "pipeline_tag": c["task"], "library_name": c["library"],
                      "tags": pick(c["tags"], rng.randint(1, 3)), "license": rng.choice(LICENSES), "language": rng.choice(LANGS),
                      "base_model": base, "datasets": [data] if c["datasets"] else [], "body": body})

queries = []
for cap, texts in QUERIES.items():
    for t in texts:
        rel = {card["id"]: 2 if card["capability"] == cap else 1
               for card in cards if card["capability"] == cap or card["capability"] in CAPS[cap]["related"]}
        queries.append({"id": f"q{len(queries) + 1:02d}", "text": t, "capability": cap, "relevance": rel})

with open(here / "cards.jsonl", "w") as f:
    for card in cards:
        f.write(json.dumps(card, ensure_ascii=False) + "\n")
with open(here / "queries.jsonl", "w") as f:
    for q in queries:
        f.write(json.dumps(q, ensure_ascii=False) + "\n")
print(len(cards), "cards,", len(CAPS), "capabilities,", len(queries), "queries")
