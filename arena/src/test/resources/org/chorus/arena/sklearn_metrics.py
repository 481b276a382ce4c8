# Scores the cases MetricsMatchScikitLearnTest writes (JSON on stdin) with scikit-learn; prints JSON results.
# MAP@k has no scikit-learn function: it is Kaggle's apk (ml_metrics), written out below.
import json
import sys

import numpy as np
from sklearn import metrics


def apk(actual, predicted, k):
    predicted = predicted[:k]
    score, hits = 0.0, 0
    for i, p in enumerate(predicted):
        if p in actual and p not in predicted[:i]:
            hits += 1
            score += hits / (i + 1.0)
    return score / min(len(actual), k) if actual else 0.0


case = json.load(sys.stdin)
out = {}
lt, lp = np.array(case["labels"]["truth"]), np.array(case["labels"]["predicted"])
out["accuracy"] = metrics.accuracy_score(lt, lp)
out["balanced_accuracy"] = metrics.balanced_accuracy_score(lt, lp)
out["f1_macro"] = metrics.f1_score(lt, lp, average="macro")
out["f1_micro"] = metrics.f1_score(lt, lp, average="micro")
bt, bp = np.array(case["binary"]["truth"]), np.array(case["binary"]["predicted"])
out["roc_auc_binary"] = metrics.roc_auc_score(bt, bp)
out["log_loss_binary"] = metrics.log_loss(bt, bp)
mt, mp = np.array(case["multi"]["truth"]), np.array(case["multi"]["predicted"])
out["roc_auc_ovr"] = metrics.roc_auc_score(mt, mp, multi_class="ovr", average="macro")
out["log_loss_multi"] = metrics.log_loss(mt, mp)
vt, vp = np.array(case["values"]["truth"]), np.array(case["values"]["predicted"])
out["rmse"] = metrics.mean_squared_error(vt, vp, squared=False)
out["mae"] = metrics.mean_absolute_error(vt, vp)
out["r2"] = metrics.r2_score(vt, vp)
items = case["rankings"]["items"]
relevant, gains, ranked = case["rankings"]["relevant"], case["rankings"]["gains"], case["rankings"]["ranked"]
true_matrix = np.zeros((len(ranked), items))
score_matrix = np.zeros((len(ranked), items))
for row, (rel, gain, order) in enumerate(zip(relevant, gains, ranked)):
    for item, g in zip(rel, gain):
        true_matrix[row, item] = g
    for rank, item in enumerate(order):
        score_matrix[row, item] = items - rank
for k in case["rankings"]["ks"]:
    out["ndcg@%d" % k] = metrics.ndcg_score(true_matrix, score_matrix, k=k)
    out["map@%d" % k] = float(np.mean([apk(rel, order, k) for rel, order in zip(relevant, ranked)]))
json.dump(out, sys.stdout)
