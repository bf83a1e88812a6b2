#!/usr/bin/env python3
"""Fit the answer decision (src/Bot.Search/Answers/Answerability.cs) on dev questions.

usage: fit_answerability.py SEED_DUMP DEBATE_DUMP [VISIBLE_QUESTIONS]
The dumps are `bot eval QUESTIONS --dump FILE` over the dev questions (docs/dev/*.jsonl), once on the seed corpus and
once on the debate corpus. Prints the two logistic models and the thresholds the rules below pick; with the visible
question file, also how the visible questions in the dumps would fare (they are reported, never fitted on).

Questions of kind "unlabelled" (unanswerable ones never sorted into near-topic and off-topic) are left out.
"Bears on it": answerable and near-topic questions against off-topic ones (a question marked "debate" is off-topic
for the seed corpus and left out on the debate corpus, which argues it), features cosine, term share, cosine gap and
cohort margin (the cosine less that of the everyday questions nearest the passage, src/Bot.Search/Answers/QuestionCohort.cs).
Threshold: the lowest (in steps of 0.05) that declines 98% of the off-topic dev questions on the seed alone and 90%
inside the debate corpus.
"Says it": questions that bear on their corpus, answerable against near-topic, features cosine, term share, cosine
gap, lead, word support. Threshold: the lowest that keeps 85% of the near-topic dev questions unclaimed on both.
Plain Python: logistic regression by gradient descent on standardised features, L2 0.01, classes weighted equally.
"""
import json, math, sys

def fit(X, y, l2=0.01, iters=3000, rate=0.5):
    n = len(X[0])
    mu = [sum(x[i] for x in X) / len(X) for i in range(n)]
    sd = [max(1e-9, math.sqrt(sum((x[i] - mu[i]) ** 2 for x in X) / len(X))) for i in range(n)]
    Z = [[(x[i] - mu[i]) / sd[i] for i in range(n)] for x in X]
    pos = sum(y); weight = {1: len(y) / (2 * pos), 0: len(y) / (2 * (len(y) - pos))}
    w = [0.0] * n; b = 0.0
    for _ in range(iters):
        gw = [0.0] * n; gb = 0.0
        for z, t in zip(Z, y):
            p = 1 / (1 + math.exp(-(sum(wi * zi for wi, zi in zip(w, z)) + b)))
            e = (p - t) * weight[t]
            for i in range(n):
                gw[i] += e * z[i]
            gb += e
        w = [wi - rate * (g / len(Z) + l2 * wi) for wi, g in zip(w, gw)]
        b -= rate * gb / len(Z)
    raw = [w[i] / sd[i] for i in range(n)]
    return [b - sum(w[i] * mu[i] / sd[i] for i in range(n))] + raw

def score(weights, x):
    return weights[0] + sum(a * b for a, b in zip(weights[1:], x))

def load(path, corpus):
    rows = []
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if r.get("cosine") is not None:
            r["corpus"] = corpus
            rows.append(r)
    return rows

def off_topic(r): return r["kind"] == "offtopic" or (r["kind"] == "debate" and r["corpus"] == "seed")
def bears_label(r): return r["kind"] not in ("offtopic", "debate", "unlabelled")
def bears_x(r): return [r["cosine"], r["share"], r["gap"], r["margin"]]
def says_x(r): return [r["cosine"], r["share"], r["gap"], r["lead"], 0.05 if r["support"] is None else r["support"]]

def main(argv):
    seed, debate = load(argv[1], "seed"), load(argv[2], "debate")
    visible = set(json.loads(l)["id"] for l in open(argv[3], encoding="utf-8") if l.strip()) if len(argv) > 3 else set()
    dev = [r for r in seed + debate if r["id"] not in visible and r["kind"] != "unlabelled"]
    rows = [r for r in dev if off_topic(r) or bears_label(r)]
    bears = fit([bears_x(r) for r in rows], [1 if bears_label(r) else 0 for r in rows])
    def declines(t, corpus, share):
        group = [r for r in dev if r["corpus"] == corpus and off_topic(r)]
        return sum(score(bears, bears_x(r)) < t for r in group) >= share * len(group)
    tb = next(t / 20 for t in range(-60, 200) if declines(t / 20, "seed", 0.98) and declines(t / 20, "debate", 0.90))
    print("bears", [round(v, 3) for v in bears], "threshold", tb)
    bearing = [r for r in dev if score(bears, bears_x(r)) >= tb and r["form"] == "Question"]
    ans = [r for r in bearing if bears_label(r) and r["kind"] not in ("near", "claim", "keyword")]
    near = [r for r in bearing if r["kind"] == "near"]
    says = fit([says_x(r) for r in ans + near], [1] * len(ans) + [0] * len(near))
    def unclaimed(t, corpus):
        group = [r for r in dev if r["kind"] == "near" and r["corpus"] == corpus]
        return sum(1 for r in group if score(bears, bears_x(r)) < tb or score(says, says_x(r)) < t) / len(group)
    ts = next(t / 20 for t in range(-60, 200) if unclaimed(t / 20, "seed") >= 0.85 and unclaimed(t / 20, "debate") >= 0.85)
    print("says", [round(v, 3) for v in says], "threshold", ts)
    for corpus in ("seed", "debate"):
        for name, group in (("dev", [r for r in seed + debate if r["corpus"] == corpus and r["id"] not in visible]),
                            ("visible", [r for r in seed + debate if r["corpus"] == corpus and r["id"] in visible])):
            if not group:
                continue
            def outcome(r):
                if score(bears, bears_x(r)) < tb: return "declined"
                return "answered" if r["form"] != "Question" or score(says, says_x(r)) >= ts else "related"
            answerable = [r for r in group if bears_label(r) and r["kind"] != "near"]
            first = sum(1 for r in answerable if r["ranked"] == 1 and outcome(r) != "declined")
            off = [r for r in group if off_topic(r)]
            nears = [r for r in group if r["kind"] == "near"]
            print(f"  {corpus} {name}: hit@1 {first}/{len(answerable)}"
                  f", confident {sum(1 for r in answerable if r['ranked'] == 1 and outcome(r) == 'answered')}/{len(answerable)}"
                  f", off-topic declined {sum(1 for r in off if outcome(r) == 'declined')}/{len(off)}"
                  f", near not claimed {sum(1 for r in nears if outcome(r) != 'answered')}/{len(nears)}")

if __name__ == "__main__":
    sys.exit(main(sys.argv))
