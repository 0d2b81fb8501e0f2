"""Tune the input gate's weights on LoCoMo.

Reads the per-turn features dumped by
  swift run -c release wm bench gates --admit 0.35 --decay 0.999 --half-life 180 --floor 0.9 \
      --dump-features /tmp/gatetune-features.tsv
and fits i = σ(wNovelty·novelty + wSalience·salience + b) so that evidence turns (any question's evidence_ids)
rank above other turns. LoCoMo turns are all user turns and almost never explicit, so roleBias and wExplicit
cannot be tuned here (they fold into the bias). Fit on conversations 0-4, report on 5-9 held out.

At a fixed admission rate only the direction of (wNovelty, wSalience) matters, so we grid-search the angle,
keep the current weights' norm, and pick the bias so that admitThreshold 0.35 admits the same share of the
fit conversations' turns as the current defaults do.
"""
import math
import sys

import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/gatetune-features.tsv"
rows = [l.rstrip("\n").split("\t") for l in open(path)][1:]
conv = np.array([int(r[0].split("-")[-1]) if r[0].split("-")[-1].isdigit() else r[0] for r in rows], dtype=object)
convs = sorted(set(r[0] for r in rows))
idx = {c: i for i, c in enumerate(convs)}
ci = np.array([idx[r[0]] for r in rows])
nov = np.array([float(r[2]) for r in rows])
sal = np.array([float(r[3]) for r in rows])
exp_ = np.array([float(r[4]) for r in rows])
ev = np.array([int(r[6]) for r in rows])
fit, held = ci < 5, ci >= 5
W_NOV, W_SAL, BIAS, ROLE = 2.0, 4.0, -3.5, 0.5  # current defaults (user role)
THRESH = 0.35
logit_t = math.log(THRESH / (1 - THRESH))


def z(wn, ws, b):
    return wn * nov + ws * sal + b + ROLE


def admitted(zs):
    return (zs >= logit_t) | (exp_ > 0)


def evidence_at_rate(score, mask, rate):
    """Share of evidence turns among the top `rate` of turns (ranked by score) in `mask`."""
    s = score[mask]
    e = ev[mask]
    k = int(round(rate * len(s)))
    order = np.argsort(-s, kind="stable")
    return e[order[:k]].sum() / max(1, e.sum())


def report(name, wn, ws, b):
    zs = z(wn, ws, b)
    a = admitted(zs)
    out = [name, f"{wn:5.2f} {ws:5.2f} {b:6.2f}"]
    for m in (fit, held):
        out.append(f"admit {a[m].mean():.3f} ev {a[m & (ev == 1)].mean():.3f} | "
                   + " ".join(f"@{int(r*100)}% {evidence_at_rate(zs, m, r):.3f}" for r in (0.5, 0.7, 0.9, 0.95)))
    print("  ".join(out))


print(f"{len(rows)} turns, {ev.sum()} evidence turns; fit convs {convs[:5]}, held out {convs[5:]}")
print("setting            wNov  wSal   bias  | fit (0-4): admitted, evidence admitted at 0.35 | evidence among top 50/70/90/95%"
      " || held out (5-9): same")
report("current", W_NOV, W_SAL, BIAS)

# Logistic regression (Newton, small L2) of evidence on [novelty, salience, 1], fit convs only.
X = np.stack([nov, sal, np.ones_like(nov)], 1)[fit]
y = ev[fit].astype(float)
w = np.zeros(3)
for _ in range(50):
    p = 1 / (1 + np.exp(-X @ w))
    g = X.T @ (p - y) + 1e-3 * w
    H = (X * (p * (1 - p))[:, None]).T @ X + 1e-3 * np.eye(3)
    w -= np.linalg.solve(H, g)
print(f"logistic regression (fit convs): wNovelty {w[0]:.3f} wSalience {w[1]:.3f} bias {w[2]:.3f}")

# Grid over the angle of (wNovelty, wSalience), keeping the current norm; score on the fit convs:
# mean evidence share kept at admission rates 50%, 70%, 90%.
norm = math.hypot(W_NOV, W_SAL)
best = None
for deg in np.arange(0, 90.01, 2.5):
    wn, ws = norm * math.cos(math.radians(deg)), norm * math.sin(math.radians(deg))
    zs = wn * nov + ws * sal
    score = np.mean([evidence_at_rate(zs, fit, r) for r in (0.5, 0.7, 0.9)])
    if best is None or score > best[0] + 1e-9:
        best = (score, wn, ws)
_, wn, ws = best
# Bias: admit at 0.35 the same share of fit turns as the current defaults.
target = admitted(z(W_NOV, W_SAL, BIAS))[fit].mean()
raw = (wn * nov + ws * sal + ROLE)[fit]
b = logit_t - np.quantile(raw, 1 - target)
wn, ws, b = round(wn, 2), round(ws, 2), round(float(b), 2)
report("grid (angle)", wn, ws, b)
lr_n = norm / math.hypot(w[0], w[1])
wl, sl = round(w[0] * lr_n, 2), round(w[1] * lr_n, 2)
bl = round(float(logit_t - np.quantile((wl * nov + sl * sal + ROLE)[fit], 1 - target)), 2)
report("logistic (scaled)", wl, sl, bl)
